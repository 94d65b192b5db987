import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';

/** One line per request: method, path (never the query, which may carry secrets), status, duration, who. */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  await next();
  const principal = c.get('principal');
  c.get('services').log.info('request', {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
    org: principal?.orgId,
    role: principal?.role,
  });
});
