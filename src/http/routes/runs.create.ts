import { createRoute } from '@hono/zod-openapi';
import { startRun } from '../../runner/service/start-run.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonBody, jsonResponse } from '../openapi.ts';
import { RunViewSchema, StartRunBody, viewOf } from './runs.schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/runs',
  tags: ['runs'],
  summary: 'Queue a sample, full or delta run of a signed-off scope version; the work happens in the background',
  security: bearer,
  middleware: [requirePermission('runs:write')] as const,
  request: { body: jsonBody(StartRunBody) },
  responses: { 201: jsonResponse(RunViewSchema, 'Queued'), ...errorResponses('BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT') },
});

export const registerRunsCreate = (app: App) =>
  app.openapi(route, async (c) => {
    const { runner } = c.get('services');
    const id = await startRun(runner.deps, c.get('principal'), c.req.valid('json'));
    runner.worker?.kick(id);
    return c.json((await viewOf(c, id)).view, 201);
  });
