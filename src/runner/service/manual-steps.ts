import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import type { KnowledgeBase } from '../../../rules/index.ts';
import { moveRun, readCheckpoint, writeCheckpoint, type RunRow } from '../pipeline/run-store.ts';
import { RunError } from './errors.ts';

const CHECKPOINT = 'manual-steps';

type Done = Record<string, { doneAt: string; by: string; note: string | null }>;

export const ManualStepShape = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  done: z.boolean(),
  doneAt: z.string().nullable(),
  by: z.string().nullable(),
  note: z.string().nullable(),
});
export type ManualStep = z.infer<typeof ManualStepShape>;

export const CompleteStepInput = z.object({ note: z.string().trim().max(2000).optional() }).strict();

const declared = (kb: KnowledgeBase, platform: string) => kb.source(platform)?.channels.export.manualSteps ?? [];

/** The source platform's steps outside Ferry, each with whether (and when, by whom) this run has had it marked done. */
export async function manualSteps(db: Db, kb: KnowledgeBase, runId: string, platform: string): Promise<ManualStep[]> {
  const done = (await readCheckpoint<Done>(db, runId, CHECKPOINT)) ?? {};
  return declared(kb, platform).map((s) => ({ ...s, done: !!done[s.id], doneAt: done[s.id]?.doneAt ?? null, by: done[s.id]?.by ?? null, note: done[s.id]?.note ?? null }));
}

/** Marks one step done; once none is left, a run paused for them goes back to the queue. */
export async function completeManualStep(db: Db, kb: KnowledgeBase, run: Pick<RunRow, 'id' | 'status' | 'pauseReason' | 'pausedFrom'>, platform: string, stepId: string, by: string, note: string | null, now: Date) {
  const steps = declared(kb, platform);
  const unknown = unknownSteps(kb, platform, [stepId]);
  if (unknown) throw new RunError('NOT_FOUND', unknown);
  const done = (await readCheckpoint<Done>(db, run.id, CHECKPOINT)) ?? {};
  done[stepId] ??= { doneAt: now.toISOString(), by, note };
  await db.batch([writeCheckpoint(db, run.id, CHECKPOINT, done, now)]);
  const left = steps.filter((s) => !done[s.id]);
  if (left.length === 0 && run.status === 'paused' && run.pauseReason === 'manual_step') {
    await moveRun(db, run.id, ['paused'], run.pausedFrom ?? 'queued', { pauseReason: null, pausedFrom: null, error: null }, now);
  }
}

/** Names the ids that are not manual steps of the platform, or null when all are. */
export function unknownSteps(kb: KnowledgeBase, platform: string, ids: string[]): string | null {
  const steps = declared(kb, platform);
  const bad = ids.filter((id) => !steps.some((s) => s.id === id));
  if (!bad.length) return null;
  return `${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is not a manual step' : 'are not manual steps'} of ${platform} runs${steps.length ? ` (${steps.map((s) => s.id).join(', ')})` : ': it has none'}`;
}

/** Steps still open before this run may read its source, as a sentence for the run's error line. */
export async function openSteps(db: Db, kb: KnowledgeBase, runId: string, platform: string): Promise<string | null> {
  const open = (await manualSteps(db, kb, runId, platform)).filter((s) => !s.done);
  return open.length ? `waiting for steps outside Ferry: ${open.map((s) => `${s.title} (${s.id})`).join('; ')}` : null;
}
