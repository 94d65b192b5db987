import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { PAUSE_REASONS, RUN_MODES, RUN_PHASES, RUN_STATUSES } from '../../runner/statuses.ts';
import { StartRunInput } from '../../runner/service/start-run.ts';
import { findRun, runView } from '../../runner/service/view.ts';
import { budgetFor } from '../../runner/pipeline/run-context.ts';
import type { AppEnv } from '../context.ts';

export const RunId = z.object({ id: z.string().min(1).openapi({ description: 'Run id, e.g. run_…' }) });

export const StartRunBody = StartRunInput.openapi('StartRun', {
  description: 'The API key is stored encrypted and never returned; source.kind "exports" reads a directory on the service host ({kind, dir}).',
});

const Counts = z.object({
  rows: z.number(),
  ready: z.number(),
  quarantined: z.number(),
  merged: z.number(),
  created: z.number(),
  updated: z.number(),
  skipped: z.number(),
  conflicts: z.number(),
  failed: z.number(),
});

export const RunViewSchema = z
  .object({
    id: z.string(),
    scopeId: z.string(),
    scopeVersion: z.number().int(),
    mode: z.enum(RUN_MODES),
    parentRunId: z.string().nullable(),
    status: z.enum(RUN_STATUSES),
    phase: z.enum(RUN_PHASES).nullable(),
    pauseReason: z.enum(PAUSE_REASONS).nullable(),
    error: z.string().nullable(),
    destination: z.object({ kind: z.string(), baseUrl: z.string(), plan: z.string() }),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    progress: z.object({
      phase: z.object({ name: z.string(), done: z.number(), total: z.number(), ratePerSecond: z.number(), etaSeconds: z.number().nullable() }).nullable(),
      objects: z.record(z.string(), Counts),
    }),
    budget: z.object({ limit: z.number().nullable(), remaining: z.number().nullable(), resetAt: z.string().nullable(), waitingUntil: z.string().nullable() }).nullable(),
  })
  .openapi('Run');

/** A run of the caller's organisation, as the engineer sees it (with the account's live budget when this instance drives it). */
export async function viewOf(c: Context<AppEnv>, id: string) {
  const { db, runner } = c.get('services');
  const run = await findRun(db, c.get('principal').orgId, id);
  const destination = JSON.parse(run.destination) as { kind: string; baseUrl: string; plan: string };
  return { run, view: await runView(db, run, budgetFor(runner.deps, destination), runner.deps.now()) };
}
