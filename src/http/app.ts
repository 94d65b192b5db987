import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { AppEnv, Services } from './context.ts';
import { ApiError, issueDetails } from './errors.ts';
import { errorResponse, handleError, handleNotFound } from './handle-error.ts';
import { requestLog } from './middleware/request-log.ts';
import { registerRoutes } from './routes.ts';

const DISCOVERY_PATH = /^\/api\/v1\/scopes\/[^/]+\/discovery$/;

/** Builds the whole HTTP API around already-constructed services; the same app serves Node and Workers. */
export function createApp(services: Services) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const details = issueDetails(result.error.issues);
        throw new ApiError('BAD_REQUEST', `invalid request: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
      }
    },
  });
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
  });
  app.use('*', requestLog);
  const limit = bodyLimit({
    maxSize: services.maxBodyBytes,
    onError: (c) => errorResponse(c, 'PAYLOAD_TOO_LARGE', `request body exceeds the limit of ${services.maxBodyBytes} bytes`),
  });
  // Discovery uploads stream through their own, larger, per-file and total limits.
  app.use('*', (c, next) => (c.req.method === 'POST' && DISCOVERY_PATH.test(c.req.path) ? next() : limit(c, next)));
  registerRoutes(app);
  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
