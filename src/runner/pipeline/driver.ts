import { and, eq, ne } from 'drizzle-orm';
import { runs } from '../../../db/schema/index.ts';
import { DESTINATION_ENTITIES, isActivityEntity, isPlainCreateEntity, type DestinationDescription, type DestinationEntity, type DestinationSession } from '../protocol.ts';
import { needsWorker, RUN_STATUSES, type RunStatus } from '../statuses.ts';
import type { RunnerDeps } from './deps.ts';
import { skipUnchanged } from './delta.ts';
import { extract } from './extract.ts';
import { inventoryHandover } from './inventory.ts';
import { load } from './load.ts';
import { resolveOwners } from './owners.ts';
import { reconcile } from './reconcile.ts';
import { runHeader, saveReport } from './reports-store.ts';
import { undoLedger, verifyRollback } from './rollback.ts';
import { loadRunContext, RunStopped, type RunContext } from './run-context.ts';
import { moveRun, readCheckpoint, readRun, type RunRow } from './run-store.ts';
import { DEFAULT_SAMPLE_SIZE, selectSample } from './sample.ts';
import { sampleDiff } from './sample-diff.ts';
import { isRetryable } from './retry.ts';
import { retrying } from './retrying-session.ts';
import { takeSnapshot } from './snapshot.ts';
import { transform } from './transform.ts';
import { openSteps } from '../service/manual-steps.ts';
import { writeCheckpoint } from './run-store.ts';

/**
 * The destination kinds a run's plan writes: the description covers activities only when the run writes some, and
 * then every kind, since an activity row may be routed by its type to a kind its object does not name.
 */
function planEntities(rc: RunContext): DestinationEntity[] {
  const written = rc.plan.flatMap((p) => (p.entity ? [p.entity] : []));
  // Leads are described only when written: their settings cost calls, and a Suite account has none.
  return written.some(isActivityEntity) ? DESTINATION_ENTITIES.filter((e) => !isPlainCreateEntity(e) || written.includes(e)) : [...new Set(written)];
}

/** How long the budget may make a load wait before the run shows as paused for it. */
const BUDGET_PAUSE_MS = 30_000;

/** The runs a run builds on, newest first: a delta's parent full run and the deltas before it. */
async function chainOf(deps: RunnerDeps, run: RunRow): Promise<string[]> {
  const chain = [run.id];
  if (run.mode !== 'delta' || !run.parentRunId) return chain;
  const siblings = await deps.db.select().from(runs).where(and(eq(runs.parentRunId, run.parentRunId), eq(runs.status, 'completed'), ne(runs.id, run.id)));
  for (const s of siblings.filter((x) => x.createdAt < run.createdAt).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())) chain.push(s.id);
  chain.push(run.parentRunId);
  return chain;
}

/**
 * Drives one run forward from whatever status it is in until it completes, fails, waits for someone, or is
 * paused (its signal aborts). Every phase resumes from what the database holds, so this is also crash recovery.
 */
export async function driveRun(deps: RunnerDeps, runId: string, signal: AbortSignal): Promise<void> {
  const initial = await readRun(deps.db, runId);
  if (!initial || !needsWorker(initial.status)) return;
  let rc: RunContext | undefined;
  try {
    const context = await loadRunContext(deps, initial, signal);
    rc = context;
    const session = retrying(await rc.target(), deps, signal);
    if (initial.status === 'rolling_back') {
      rc.calls.enter('rolling_back');
      return await rollBack(deps, rc, session);
    }
    let description: DestinationDescription | undefined;
    const describe = async () => (description ??= await session.describe(planEntities(context)));
    let failures = 0;
    for (;;) {
      const run = (await readRun(deps.db, runId))!;
      rc.run = run;
      signal.throwIfAborted();
      const step = STEPS[run.status];
      if (!step) return;
      let next: Next;
      rc.calls.enter(run.status);
      try {
        next = await step(deps, rc, session, describe);
        failures = 0;
        await rc.calls.flush(deps.db, runId, deps.now());
      } catch (e) {
        // Every step resumes from what it stored, so a passing outage (a listing page that failed) retries the step.
        if (!isRetryable(e) || ++failures >= deps.tuning.attempts || signal.aborted) throw e;
        deps.log('warn', 'run step failed, retrying', { runId, status: run.status, error: (e as Error).message });
        await deps.sleep(deps.tuning.retryBaseMs * 2 ** failures, signal);
        continue;
      }
      if (next === 'wait') return;
      if (!(await moveRun(deps.db, runId, [run.status], next.to, next.patch ?? {}, deps.now()))) return;
    }
  } catch (e) {
    if (signal.aborted) return;
    const message = e instanceof RunStopped ? e.why : (e as Error).message;
    deps.log('error', 'run failed', { runId, error: message });
    await moveRun(deps.db, runId, RUN_STATUSES.filter(needsWorker), 'failed', { error: message, finishedAt: deps.now() }, deps.now());
  } finally {
    // Calls made by a step that was paused, failed or rolled back still count.
    await rc?.calls.flush(deps.db, runId, deps.now()).catch((e: Error) => deps.log('warn', 'could not store the run call counts', { runId, error: e.message }));
  }
}

type Describe = () => Promise<DestinationDescription>;
type Next = 'wait' | { to: RunStatus; patch?: Parameters<typeof moveRun>[4] };
type Step = (deps: RunnerDeps, rc: RunContext, session: DestinationSession, describe: Describe) => Promise<Next>;

const STEPS: Partial<Record<RunStatus, Step>> = {
  async queued(deps, rc, session) {
    // A source whose exports people must fetch (asking the vendor, checking the delivery) waits until they say so.
    const waiting = await openSteps(deps.db, deps.kb, rc.run.id, rc.sourcePlatform);
    if (waiting) {
      await moveRun(deps.db, rc.run.id, ['queued'], 'paused', { pauseReason: 'manual_step', pausedFrom: 'queued', error: waiting }, deps.now());
      return 'wait';
    }
    const [src, dst] = await Promise.all([rc.source().then((s) => s.check()), session.check()]);
    if (!src.ok) throw new RunStopped(`source: ${src.message}`);
    if (!dst.ok) throw new RunStopped(`destination: ${dst.message}`);
    return { to: 'extracting', patch: { phase: 'extracting', startedAt: deps.now() } };
  },
  async extracting(deps, rc) {
    await extract(deps, rc);
    return { to: 'transforming', patch: { phase: 'transforming' } };
  },
  async transforming(deps, rc, session, describe) {
    await transform(deps, rc, await describe(), session);
    if (rc.run.mode === 'delta') await skipUnchanged(deps, rc, (await chainOf(deps, rc.run)).slice(1));
    if (rc.run.mode === 'sample') await selectSample(deps, rc, (JSON.parse(rc.run.options) as { sampleSize?: number }).sampleSize ?? DEFAULT_SAMPLE_SIZE);
    return { to: 'loading', patch: { phase: 'loading' } };
  },
  async loading(deps, rc, session, describe) {
    let owners = await readCheckpoint<Record<string, number>>(deps.db, rc.run.id, 'owners');
    if (!owners) {
      const gate = await resolveOwners(deps, rc, await describe());
      if (gate.missing.length) {
        const list = gate.missing.map((m) => `${m.owner} (${m.rows} rows): ${m.why}`).join('; ');
        await moveRun(deps.db, rc.run.id, ['loading'], 'awaiting_owners', { phase: 'awaiting_owners', pauseReason: 'owners', pausedFrom: 'loading', error: `waiting for owners to exist in Freshsales: ${list}` }, deps.now());
        return 'wait';
      }
      owners = gate.resolved;
      await deps.db.batch([writeCheckpoint(deps.db, rc.run.id, 'owners', owners, deps.now())]);
    }
    await takeSnapshot(deps, rc, session, [...new Set(rc.plan.filter((p) => p.entity).map((p) => p.entity!))]);
    const stopWatch = watchBudget(deps, rc);
    try {
      await load(deps, rc, session, { chain: await chainOf(deps, rc.run), owners });
    } finally {
      await stopWatch();
    }
    return { to: 'reconciling', patch: { phase: 'reconciling', pauseReason: null, pausedFrom: null, error: null } };
  },
  async reconciling(deps, rc, session, describe) {
    const destination = await describe();
    const header = runHeader(rc, deps.now());
    if (rc.run.mode === 'sample') await saveReport(deps.db, rc.run.id, 'diff', await sampleDiff(deps, rc, session, destination, header), deps.now());
    await saveReport(deps.db, rc.run.id, 'reconciliation', await reconcile(deps, rc, session, destination, header), deps.now());
    const inventory = await inventoryHandover(deps, rc, await chainOf(deps, rc.run), header);
    if (inventory) await saveReport(deps.db, rc.run.id, 'inventory', inventory, deps.now());
    return { to: 'completed', patch: { phase: null, finishedAt: deps.now() } };
  },
};

/**
 * While the account's budget holds the load back for long (the hourly allowance is spent), the run shows as paused
 * for the budget, and goes back to loading by itself when the budget refills.
 */
function watchBudget(deps: RunnerDeps, rc: RunContext): () => Promise<void> {
  let paused = false;
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, rc.ctx.signal]);
  const tick = async () => {
    while (!signal.aborted) {
      const until = rc.budget.state().waitingUntil;
      const long = until !== null && until.getTime() - deps.now().getTime() > BUDGET_PAUSE_MS;
      if (long && !paused) paused = await moveRun(deps.db, rc.run.id, ['loading'], 'paused', { pauseReason: 'budget', pausedFrom: 'loading' }, deps.now());
      if (!long && paused) paused = !(await moveRun(deps.db, rc.run.id, ['paused'], 'loading', { pauseReason: null, pausedFrom: null }, deps.now()));
      await deps.sleep(1000, signal).catch(() => undefined);
    }
  };
  const running = tick();
  return async () => {
    stop.abort();
    await running;
    if (paused) await moveRun(deps.db, rc.run.id, ['paused'], 'loading', { pauseReason: null, pausedFrom: null }, deps.now());
  };
}

/** Rolls back the run and, first, every delta built on it; then verifies and reports. */
async function rollBack(deps: RunnerDeps, rc: RunContext, session: DestinationSession) {
  const children = await deps.db.select().from(runs).where(and(eq(runs.parentRunId, rc.run.id), ne(runs.status, 'rolled_back')));
  const description = await session.describe(planEntities(rc));
  for (const child of children.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())) {
    const childRc = { ...rc, run: child };
    await undoLedger(deps, childRc, session);
    await saveReport(deps.db, child.id, 'rollback', await verifyRollback(deps, childRc, session, description, runHeader(childRc, deps.now())), deps.now());
    await moveRun(deps.db, child.id, [child.status], 'rolled_back', { finishedAt: deps.now() }, deps.now());
  }
  await undoLedger(deps, rc, session);
  const report = await verifyRollback(deps, rc, session, description, runHeader(rc, deps.now()));
  await saveReport(deps.db, rc.run.id, 'rollback', report, deps.now());
  await moveRun(deps.db, rc.run.id, ['rolling_back'], 'rolled_back', { finishedAt: deps.now(), error: report.ok ? null : `rollback left ${report.problems.length} record(s) not as they were; see the rollback report` }, deps.now());
}
