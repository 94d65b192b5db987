import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { runLedger, runRows, runs } from '../../../db/schema/index.ts';
import type { SharedRateBudget } from '../budget/rate-budget.ts';
import type { PhaseProgress, RunRow } from '../pipeline/run-store.ts';
import { rowCounts } from '../pipeline/staging.ts';
import { RunError } from './errors.ts';
import type { RunViewShape } from './run-view-schema.ts';
import type { KnowledgeBase } from '../../../rules/index.ts';
import type { TimelineRules } from '../../../rules/schema/estimator.ts';
import { findScope, findVersion, storedDiscovery, versionMapping } from '../../scoping/service/repository.ts';
import { readCallCounts } from '../pipeline/call-tally.ts';
import { planObjects, type PlanObject } from '../pipeline/plan.ts';
import type { Edition } from '../../scoping/editions.ts';
import type { Mapping } from '../../scoping/mapping/document.ts';
import { callReport } from './call-forecast.ts';
import { accountPairCard } from './pair-accounting.ts';
import { manualSteps } from './manual-steps.ts';

export interface ViewDeps {
  db: Db;
  kb: KnowledgeBase;
  /** The estimator's call constants, for the predicted side of the call report. */
  timeline: TimelineRules;
}

export async function findRun(db: Db, orgId: string, id: string): Promise<RunRow> {
  const run = await db.query.runs.findFirst({ where: and(eq(runs.id, id), eq(runs.orgId, orgId)) });
  if (!run) throw new RunError('NOT_FOUND', `run ${id} not found`);
  return run;
}

export interface ObjectProgress {
  rows: number;
  ready: number;
  quarantined: number;
  merged: number;
  created: number;
  updated: number;
  skipped: number;
  conflicts: number;
  failed: number;
  /** Rows loaded with a warning (a link left out, a value moved); the reconciliation lists them. */
  warnings: number;
}

const empty = (): ObjectProgress => ({ rows: 0, ready: 0, quarantined: 0, merged: 0, created: 0, updated: 0, skipped: 0, conflicts: 0, failed: 0, warnings: 0 });

/** What an engineer watches: status and phase, counts per object, the phase's rate and ETA, and the API budget left. */
export async function runView(deps: ViewDeps, run: RunRow, budget: SharedRateBudget | null, now: Date): Promise<RunViewShape> {
  const { db } = deps;
  const objects: Record<string, ObjectProgress> = {};
  for (const c of await rowCounts(db, run.id)) {
    const o = (objects[c.object] ??= empty());
    o.rows += c.n;
    if (c.status === 'ready' || c.status === 'staged') o.ready += c.n;
    else if (c.status === 'quarantined') o.quarantined += c.n;
    else if (c.status === 'merged') o.merged += c.n;
    else if (c.status === 'skipped') o.skipped += c.n;
    else if (c.status === 'conflict') o.conflicts += c.n;
  }
  const ops = await db
    .select({ object: runLedger.object, op: runLedger.op, failed: sql<number>`sum(case when ${runLedger.undo} = 'failed' then 1 else 0 end)`, n: sql<number>`count(*)` })
    .from(runLedger)
    .where(eq(runLedger.runId, run.id))
    .groupBy(runLedger.object, runLedger.op);
  for (const o of ops) {
    const p = (objects[o.object] ??= empty());
    p[o.op] += o.n;
    p.failed += o.failed ?? 0;
  }
  for (const w of await warnedCounts(db, run.id)) (objects[w.object] ??= empty()).warnings += w.n;
  const stored = (JSON.parse(run.progress) as { phase: PhaseProgress | null }).phase;
  let phase = null;
  if (stored && run.phase === stored.name) {
    const seconds = Math.max(0.001, (now.getTime() - stored.startedAt) / 1000);
    const ratePerSecond = stored.done / seconds;
    const left = Math.max(0, stored.total - stored.done);
    phase = { name: stored.name, done: Math.round(stored.done), total: stored.total, ratePerSecond: Math.round(ratePerSecond * 10) / 10, etaSeconds: ratePerSecond > 0 ? Math.round(left / ratePerSecond) : null };
  }
  const b = budget?.state();
  return {
    id: run.id,
    scopeId: run.scopeId,
    scopeVersion: run.scopeVersion,
    mode: run.mode,
    parentRunId: run.parentRunId,
    status: run.status,
    phase: run.phase,
    pauseReason: run.pauseReason,
    error: run.error,
    destination: JSON.parse(run.destination) as { kind: string; baseUrl: string; plan: string },
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    progress: { phase, objects },
    budget: b ? { limit: b.limit, remaining: b.remaining, resetAt: b.resetAt?.toISOString() ?? null, waitingUntil: b.waitingUntil?.toISOString() ?? null } : null,
    summary: await runSummary(deps, run, objects),
  };
}

/** Rows loaded with a warning, by object: a loaded row keeps a reason only for its warnings. */
function warnedCounts(db: Db, runId: string) {
  return db
    .select({ object: runRows.object, n: sql<number>`count(*)` })
    .from(runRows)
    .where(and(eq(runRows.runId, runId), eq(runRows.status, 'loaded'), isNotNull(runRows.reason)))
    .groupBy(runRows.object);
}

/** Every pair-card row accounted for, and the calls made set against the estimate. */
async function runSummary(deps: ViewDeps, run: RunRow, objects: Record<string, ObjectProgress>) {
  const { scope, mapping, plan } = await signedScope(deps.db, run);
  const pair = deps.kb.pair(scope.source, scope.destination);
  const destination = JSON.parse(run.destination) as { plan: string };
  return {
    pairCard: pair ? accountPairCard(pair, mapping, plan, objects) : [],
    manualSteps: await manualSteps(deps.db, deps.kb, run.id, scope.source),
    calls: callReport(deps, { mode: run.mode, sourcePlatform: scope.source, plan: destination.plan, edition: scope.edition }, mapping, plan, await readCallCounts(deps.db, run.id)),
  };
}

/**
 * A run's scope, mapping and load plan never change under it (the mapping hash pins them), yet its view is polled
 * every few hundred milliseconds while it works: they are read once per run and kept for the next polls.
 */
const SCOPE_CACHE_SIZE = 64;
const scopeCache = new Map<string, Promise<{ scope: { source: string; destination: string; edition: Edition }; mapping: Mapping; plan: PlanObject[] }>>();

function signedScope(db: Db, run: RunRow) {
  const key = `${run.id}:${run.mappingHash}`;
  let entry = scopeCache.get(key);
  if (!entry) {
    entry = (async () => {
      const scope = await findScope(db, run.orgId, run.scopeId);
      const mapping = versionMapping(await findVersion(db, run.scopeId, run.scopeVersion));
      const route = { sourcePlatform: scope.source, destinationPlan: (JSON.parse(run.destination) as { plan: string }).plan };
      return { scope, mapping, plan: planObjects(mapping, (await storedDiscovery(db, run.scopeId)).files, route) };
    })();
    entry.catch(() => scopeCache.delete(key));
    if (scopeCache.size >= SCOPE_CACHE_SIZE) scopeCache.delete(scopeCache.keys().next().value!);
    scopeCache.set(key, entry);
  }
  return entry;
}
