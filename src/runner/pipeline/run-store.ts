import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { runCheckpoints, runs } from '../../../db/schema/index.ts';
import type { Json } from '../protocol.ts';
import type { PauseReason, RunPhase, RunStatus } from '../statuses.ts';

export type RunRow = typeof runs.$inferSelect;

/** The phase a working run reports: what it is doing, how far along, and how fast. */
export interface PhaseProgress {
  name: string;
  done: number;
  total: number;
  startedAt: number;
}

export async function readRun(db: Db, id: string): Promise<RunRow | undefined> {
  return db.query.runs.findFirst({ where: eq(runs.id, id) });
}

/**
 * Moves a run to `to` only if it is still in one of `from`: a pause or rollback request that landed meanwhile wins,
 * and the worker notices on its next look. Returns whether the move happened.
 */
export async function moveRun(
  db: Db,
  id: string,
  from: readonly RunStatus[],
  to: RunStatus,
  patch: Partial<{ phase: RunPhase | null; pauseReason: PauseReason | null; pausedFrom: RunStatus | null; error: string | null; finishedAt: Date | null; startedAt: Date; progress: string }> = {},
  now = new Date(),
): Promise<boolean> {
  const res = await db
    .update(runs)
    .set({ status: to, updatedAt: now, ...patch })
    .where(and(eq(runs.id, id), inArray(runs.status, [...from])))
    .returning({ id: runs.id });
  return res.length === 1;
}

export async function setPhaseProgress(db: Db, id: string, progress: PhaseProgress, now = new Date()) {
  await db.update(runs).set({ progress: JSON.stringify({ phase: progress }), updatedAt: now }).where(eq(runs.id, id));
}

export async function readCheckpoint<T extends Json>(db: Db, runId: string, name: string): Promise<T | null> {
  const row = await db.query.runCheckpoints.findFirst({ where: and(eq(runCheckpoints.runId, runId), eq(runCheckpoints.name, name)) });
  return row ? (JSON.parse(row.state) as T) : null;
}

/** A statement to put in the same batch as the work it vouches for. */
export const writeCheckpoint = (db: Db, runId: string, name: string, state: Json, now = new Date()) =>
  db
    .insert(runCheckpoints)
    .values({ runId, name, state: JSON.stringify(state), updatedAt: now })
    .onConflictDoUpdate({ target: [runCheckpoints.runId, runCheckpoints.name], set: { state: JSON.stringify(state), updatedAt: now } });
