import { createRoute } from '@hono/zod-openapi';
import { pauseRun, requestRollback, resumeRun } from '../../runner/service/control.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonResponse } from '../openapi.ts';
import { RunId, RunViewSchema, viewOf } from './runs.schemas.ts';

const ACTIONS = {
  pause: { summary: 'Pause a working run; it stops at the next safe point and resumes from there', act: pauseRun, after: 'interrupt' },
  resume: { summary: 'Resume a paused run, or one waiting for owners (they are checked again)', act: resumeRun, after: 'kick' },
  rollback: {
    summary: 'Undo a run (and the deltas built on it): delete and purge what it created, restore what it updated, then verify by read-back',
    act: requestRollback,
    after: 'kick',
  },
} as const;

/** POST /api/v1/runs/:id/{pause|resume|rollback}: three small state changes that share their shape, registered together. */
export const registerRunsControl = (app: App) => {
  for (const [action, spec] of Object.entries(ACTIONS)) {
    const route = createRoute({
      method: 'post',
      path: `/api/v1/runs/{id}/${action}`,
      tags: ['runs'],
      summary: spec.summary,
      security: bearer,
      middleware: [requirePermission('runs:write')] as const,
      request: { params: RunId },
      responses: { 202: jsonResponse(RunViewSchema, 'Accepted'), ...errorResponses('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT') },
    });
    app.openapi(route, async (c) => {
      const { runner } = c.get('services');
      const { run } = await viewOf(c, c.req.valid('param').id);
      await spec.act(runner.deps.db, run, runner.deps.now());
      if (spec.after === 'interrupt') await runner.worker?.interrupt(run.id);
      else runner.worker?.kick(run.id);
      return c.json((await viewOf(c, run.id)).view, 202);
    });
  }
};
