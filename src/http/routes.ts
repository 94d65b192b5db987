import type { App } from './context.ts';
import { registerDocsGet } from './routes/docs.get.ts';
import { registerEstimatesCreate } from './routes/estimates.create.ts';
import { registerEstimatesGet } from './routes/estimates.get.ts';
import { registerEstimatorGet } from './routes/estimator.get.ts';
import { registerHealthGet } from './routes/health.get.ts';
import { registerMeGet } from './routes/me.get.ts';
import { registerPairsGet } from './routes/pairs.get.ts';
import { registerPlatformsList } from './routes/platforms.list.ts';
import { registerTokensCreate } from './routes/tokens.create.ts';
import { registerTokensGet } from './routes/tokens.get.ts';
import { registerTokensList } from './routes/tokens.list.ts';
import { registerTokensRevoke } from './routes/tokens.revoke.ts';

/** The whole API surface, in one place. */
export function registerRoutes(app: App) {
  // website
  registerEstimatorGet(app);
  // system
  registerHealthGet(app);
  registerDocsGet(app);
  // knowledge base (public)
  registerPlatformsList(app);
  registerPairsGet(app);
  // estimator (public, rate-limited per client address)
  registerEstimatesCreate(app);
  registerEstimatesGet(app);
  // access
  registerMeGet(app);
  registerTokensCreate(app);
  registerTokensList(app);
  registerTokensGet(app);
  registerTokensRevoke(app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'Ferry API',
      version: c.get('services').version,
      description: 'CRM migration estimator, scoping engine and embedded migration runner.',
    },
  }));
}
