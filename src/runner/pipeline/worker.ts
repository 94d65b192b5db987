import { and, eq, inArray } from 'drizzle-orm';
import { runs } from '../../../db/schema/index.ts';
import { RUN_STATUSES, needsWorker } from '../statuses.ts';
import type { RunnerDeps } from './deps.ts';
import { driveRun } from './driver.ts';
import { moveRun } from './run-store.ts';

export interface RunWorker {
  /** Picks up every run left working (after a restart too) and keeps looking for new ones. */
  start(): Promise<void>;
  /** Starts (or continues) a run now. */
  kick(runId: string): void;
  /** Stops a run's work at the next safe point (its status was already set by the caller). */
  interrupt(runId: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs migrations in the background of the service, never inside a request. One instance drives a run at a time;
 * it runs a few at once (each paced by its destination's shared budget) and finds its runs again after a restart.
 */
export function createRunWorker(deps: RunnerDeps, opts: { maxRuns?: number; pollMs?: number } = {}): RunWorker {
  const maxRuns = opts.maxRuns ?? 2;
  const active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const waiting: string[] = [];
  let stopped = false;
  let poller: Promise<void> | undefined;
  const stopPolling = new AbortController();

  const launch = () => {
    while (!stopped && active.size < maxRuns && waiting.length) {
      const id = waiting.shift()!;
      if (active.has(id)) continue;
      const controller = new AbortController();
      const done = driveRun(deps, id, controller.signal)
        .catch((e) => deps.log('error', 'run worker crashed', { runId: id, error: (e as Error).message }))
        .finally(() => {
          active.delete(id);
          launch();
        });
      active.set(id, { controller, done });
    }
  };

  const sweep = async () => {
    // A run paused only because the budget ran dry when the process stopped goes back to loading.
    const budgetPaused = await deps.db.select().from(runs).where(and(eq(runs.status, 'paused'), eq(runs.pauseReason, 'budget')));
    for (const r of budgetPaused) if (!active.has(r.id)) await moveRun(deps.db, r.id, ['paused'], 'loading', { pauseReason: null, pausedFrom: null }, deps.now());
    const rows = await deps.db.select({ id: runs.id }).from(runs).where(inArray(runs.status, RUN_STATUSES.filter(needsWorker)));
    for (const r of rows) if (!active.has(r.id) && !waiting.includes(r.id)) waiting.push(r.id);
    launch();
  };

  return {
    async start() {
      await sweep();
      const every = opts.pollMs ?? 5000;
      poller = (async () => {
        while (!stopped) {
          await deps.sleep(every, stopPolling.signal).catch(() => undefined);
          if (!stopped) await sweep().catch((e) => deps.log('error', 'run sweep failed', { error: (e as Error).message }));
        }
      })();
    },
    kick(runId) {
      if (stopped || active.has(runId) || waiting.includes(runId)) return;
      waiting.push(runId);
      launch();
    },
    async interrupt(runId) {
      const i = waiting.indexOf(runId);
      if (i >= 0) waiting.splice(i, 1);
      const run = active.get(runId);
      if (!run) return;
      run.controller.abort(new Error('run paused'));
      await run.done;
    },
    async stop() {
      stopped = true;
      stopPolling.abort();
      for (const run of active.values()) run.controller.abort(new Error('service stopping'));
      await Promise.all([...active.values()].map((r) => r.done));
      await poller;
    },
  };
}
