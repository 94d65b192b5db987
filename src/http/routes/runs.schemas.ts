import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { RunViewShape } from '../../runner/service/run-view-schema.ts';
import { StartRunInput } from '../../runner/service/start-run.ts';
import { findRun, runView } from '../../runner/service/view.ts';
import { budgetFor } from '../../runner/pipeline/run-context.ts';
import type { AppEnv } from '../context.ts';

export const RunId = z.object({ id: z.string().min(1).openapi({ description: 'Run id, e.g. run_…' }) });

export const StartRunBody = StartRunInput.openapi('StartRun', {
  description: 'The API key is stored encrypted and never returned; source.kind "exports" reads a directory on the service host ({kind, dir}).',
});

export const RunViewSchema = RunViewShape.openapi('Run');

/** A run of the caller's organisation, as the engineer sees it (with the account's live budget when this instance drives it). */
export async function viewOf(c: Context<AppEnv>, id: string) {
  const { db, runner, kb, estimatorRules } = c.get('services');
  const run = await findRun(db, c.get('principal').orgId, id);
  const destination = JSON.parse(run.destination) as { kind: string; baseUrl: string; plan: string };
  return { run, view: await runView({ db, kb, timeline: estimatorRules.timeline }, run, budgetFor(runner.deps, destination), runner.deps.now()) };
}
