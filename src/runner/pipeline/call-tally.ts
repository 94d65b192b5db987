import type { Db } from '../../../db/client.ts';
import type { RateBudget } from '../protocol.ts';
import { readCheckpoint, writeCheckpoint } from './run-store.ts';

/** Destination calls a run made, by the step that made them (queued, extracting, loading, reconciling, rolling_back…). */
export type CallCounts = Record<string, number>;

const CHECKPOINT = 'calls';

/**
 * Counts every call that passes the account's budget, retries included, against the step the run is in: the run
 * summary sets these real counts beside the estimator's prediction. Counts live in memory until `flush`, so a crash
 * forgets the calls of the step it interrupted (an undercount, never an overcount).
 */
export function createCallTally(inner: RateBudget) {
  let step = 'queued';
  let pending: CallCounts = {};
  const budget: RateBudget = {
    async acquire(signal) {
      await inner.acquire(signal);
      pending[step] = (pending[step] ?? 0) + 1;
    },
    observe: (state, throttled) => inner.observe(state, throttled),
  };
  return {
    budget,
    /** Later calls count against this step. */
    enter(next: string) {
      step = next;
    },
    /** Adds what was counted since the last flush to the run's stored counts. */
    async flush(db: Db, runId: string, now: Date) {
      if (Object.keys(pending).length === 0) return;
      const taken = pending;
      pending = {};
      const stored = (await readCheckpoint<CallCounts>(db, runId, CHECKPOINT)) ?? {};
      for (const [k, n] of Object.entries(taken)) stored[k] = (stored[k] ?? 0) + n;
      await db.batch([writeCheckpoint(db, runId, CHECKPOINT, stored, now)]);
    },
  };
}
export type CallTally = ReturnType<typeof createCallTally>;

export const readCallCounts = async (db: Db, runId: string): Promise<CallCounts> => (await readCheckpoint<CallCounts>(db, runId, CHECKPOINT)) ?? {};
