import type { App } from './context.ts';
import { registerDocsGet } from './routes/docs.get.ts';
import { registerEstimatesCreate } from './routes/estimates.create.ts';
import { registerEstimatesGet } from './routes/estimates.get.ts';
import { registerEstimatorGet } from './routes/estimator.get.ts';
import { registerHealthGet } from './routes/health.get.ts';
import { registerMeGet } from './routes/me.get.ts';
import { registerPairsGet } from './routes/pairs.get.ts';
import { registerPlatformsList } from './routes/platforms.list.ts';
import { registerRunsAuditGet } from './routes/runs.audit.get.ts';
import { registerRunsControl } from './routes/runs.control.ts';
import { registerRunsStepsPost } from './routes/runs.steps.post.ts';
import { registerRunsCreate } from './routes/runs.create.ts';
import { registerRunsGet } from './routes/runs.get.ts';
import { registerRunsPackageGet } from './routes/runs.package.get.ts';
import { registerRunsReportsGet } from './routes/runs.reports.get.ts';
import { registerScopesApprove } from './routes/scopes.approve.ts';
import { registerScopesCreate } from './routes/scopes.create.ts';
import { registerScopesDiscovery } from './routes/scopes.discovery.ts';
import { registerScopesGet } from './routes/scopes.get.ts';
import { registerScopesList } from './routes/scopes.list.ts';
import { registerScopesMappingDiff } from './routes/scopes.mapping.diff.ts';
import { registerScopesMappingGet } from './routes/scopes.mapping.get.ts';
import { registerScopesMappingPut } from './routes/scopes.mapping.put.ts';
import { registerScopesPreflight } from './routes/scopes.preflight.ts';
import { registerScopesReportsGet } from './routes/scopes.reports.get.ts';
import { registerScopesSignOffLink } from './routes/scopes.signoff-link.ts';
import { registerSignOffGet } from './routes/signoff.get.ts';
import { registerSignOffPageGet } from './routes/signoff-page.get.ts';
import { registerSignOffPagePost } from './routes/signoff-page.post.ts';
import { registerSignOffPost } from './routes/signoff.post.ts';
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
  // scoping (sales writes; everyone reads)
  registerScopesCreate(app);
  registerScopesList(app);
  registerScopesGet(app);
  registerScopesDiscovery(app);
  registerScopesMappingGet(app);
  registerScopesMappingPut(app);
  registerScopesMappingDiff(app);
  registerScopesApprove(app);
  registerScopesSignOffLink(app);
  registerScopesPreflight(app);
  registerScopesReportsGet(app);
  // customer sign-off (the signed link is the credential)
  registerSignOffGet(app);
  registerSignOffPost(app);
  registerSignOffPageGet(app);
  registerSignOffPagePost(app);
  // runs (engineers write; everyone reads). Audit goes before the report route, whose {file} would claim its paths.
  registerRunsCreate(app);
  registerRunsGet(app);
  registerRunsControl(app);
  registerRunsStepsPost(app);
  registerRunsAuditGet(app);
  registerRunsPackageGet(app);
  registerRunsReportsGet(app);

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
