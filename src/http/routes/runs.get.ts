import { createRoute } from '@hono/zod-openapi';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonResponse } from '../openapi.ts';
import { RunId, RunViewSchema, viewOf } from './runs.schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/runs/{id}',
  tags: ['runs'],
  summary: 'A run: status, phase, counts per object, rate and ETA, and the API budget left',
  security: bearer,
  middleware: [requirePermission('runs:read')] as const,
  request: { params: RunId },
  responses: { 200: jsonResponse(RunViewSchema, 'The run'), ...errorResponses('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND') },
});

export const registerRunsGet = (app: App) => app.openapi(route, async (c) => c.json((await viewOf(c, c.req.valid('param').id)).view, 200));
