import { Hono } from 'hono';
import { requireApiKey } from './auth.ts';
import { injectFaults } from './faults.ts';
import { handleSandboxError } from './handle-error.ts';
import { settleJobs } from './jobs.ts';
import { enforceRateLimit } from './rate-limit.ts';
import { registerActivityRoutes } from './routes/activities.ts';
import { registerCoreRoutes } from './routes/core.ts';
import { registerCustomModuleRoutes } from './routes/custom-modules.ts';
import { registerDocumentRoutes } from './routes/documents.ts';
import { registerListRoutes } from './routes/lists.ts';
import { registerLookupRoute } from './routes/lookup.ts';
import { registerProductRoutes } from './routes/products.ts';
import { registerSettingsRoutes } from './routes/settings.ts';
import { registerUpsertRoutes } from './routes/upsert.ts';
import type { Edition, SandboxEnv, SandboxRuntime } from './runtime.ts';

/** The Freshsales API of one edition, mounted at /crm/sales/api (Suite) or /api (Classic). */
export function createApiApp(rt: SandboxRuntime, edition: Edition): Hono<SandboxEnv> {
  const api = new Hono<SandboxEnv>();
  api.use('*', async (c, next) => {
    c.set('edition', edition);
    await next();
  });
  api.use('*', injectFaults(rt));
  api.use('*', requireApiKey(rt));
  api.use('*', enforceRateLimit(rt));
  api.use('*', async (c, next) => {
    if (settleJobs(rt)) rt.changed();
    await next();
    if (c.req.method !== 'GET' && c.res.status < 400) rt.changed();
  });
  registerSettingsRoutes(api, rt, edition);
  registerUpsertRoutes(api, rt, edition);
  registerCoreRoutes(api, rt, edition);
  registerActivityRoutes(api, rt);
  registerDocumentRoutes(api, rt);
  registerProductRoutes(api, rt);
  registerListRoutes(api, rt);
  registerCustomModuleRoutes(api, rt);
  registerLookupRoute(api, rt);
  api.onError(handleSandboxError);
  return api;
}
