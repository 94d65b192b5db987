import { createRoute, z } from '@hono/zod-openapi';
import { findScope } from '../../scoping/service/repository.ts';
import { CompleteStepInput, completeManualStep } from '../../runner/service/manual-steps.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonBody, jsonResponse } from '../openapi.ts';
import { RunViewSchema, viewOf } from './runs.schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/runs/{id}/steps/{step}',
  tags: ['runs'],
  summary: 'Mark a step outside Ferry done (e.g. the export requested from the vendor); a run waiting only for it carries on',
  security: bearer,
  middleware: [requirePermission('runs:write')] as const,
  request: {
    params: z.object({ id: z.string().min(1), step: z.string().min(1).openapi({ description: 'A manual step id from the source platform, e.g. export-requested' }) }),
    body: jsonBody(CompleteStepInput),
  },
  responses: { 200: jsonResponse(RunViewSchema, 'Recorded'), ...errorResponses('BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND') },
});

export const registerRunsStepsPost = (app: App) =>
  app.openapi(route, async (c) => {
    const { runner, kb } = c.get('services');
    const { id, step } = c.req.valid('param');
    const { run } = await viewOf(c, id);
    const scope = await findScope(runner.deps.db, run.orgId, run.scopeId);
    const principal = c.get('principal');
    await completeManualStep(runner.deps.db, kb, run, scope.source, step, principal.userId, c.req.valid('json').note ?? null, runner.deps.now());
    runner.worker?.kick(run.id);
    return c.json((await viewOf(c, run.id)).view, 200);
  });
