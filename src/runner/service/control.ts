import type { Db } from '../../../db/client.ts';
import { moveRun, type RunRow } from '../pipeline/run-store.ts';
import { canPause, canResume, canRollback, RUN_STATUSES, type RunStatus } from '../statuses.ts';
import { RunError } from './errors.ts';

const statusesWhere = (p: (s: RunStatus) => boolean) => RUN_STATUSES.filter(p);

/** Pause: the status changes now; the worker stops at its next safe point and the run resumes from there. */
export async function pauseRun(db: Db, run: RunRow, now: Date) {
  if (!canPause(run.status)) throw new RunError('CONFLICT', `run ${run.id} is ${run.status} and cannot be paused`);
  if (!(await moveRun(db, run.id, statusesWhere(canPause), 'paused', { pauseReason: 'requested', pausedFrom: run.status }, now))) {
    throw new RunError('CONFLICT', `run ${run.id} changed status meanwhile; look again`);
  }
}

/** Resume: back to where it paused (an owner wait re-checks the owners). */
export async function resumeRun(db: Db, run: RunRow, now: Date) {
  if (!canResume(run.status)) throw new RunError('CONFLICT', `run ${run.id} is ${run.status}; only a paused run or one waiting for owners resumes`);
  const to = run.pausedFrom ?? 'queued';
  if (!(await moveRun(db, run.id, [run.status], to, { pauseReason: null, pausedFrom: null, error: null }, now))) {
    throw new RunError('CONFLICT', `run ${run.id} changed status meanwhile; look again`);
  }
}

/** Rollback: allowed once the run has stopped writing; the worker undoes the ledger and verifies. */
export async function requestRollback(db: Db, run: RunRow, now: Date) {
  if (!canRollback(run.status)) {
    throw new RunError('CONFLICT', `run ${run.id} is ${run.status}; pause it first, or it is already rolled back`);
  }
  if (!(await moveRun(db, run.id, [run.status], 'rolling_back', { pauseReason: null, pausedFrom: null, phase: null, error: null }, now))) {
    throw new RunError('CONFLICT', `run ${run.id} changed status meanwhile; look again`);
  }
}
