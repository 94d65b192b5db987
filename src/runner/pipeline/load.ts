import { and, eq, inArray, sql } from 'drizzle-orm';
import { runLedger, runRows } from '../../../db/schema/index.ts';
import { contentHash } from '../../scoping/mapping/hash.ts';
import type { DestinationEntity, DestinationSession, LoadBatch, LoadRecord, WriteOutcome } from '../protocol.ts';
import { recordFingerprint, type StagedRecord } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import type { PlanObject } from './plan.ts';
import { destinationIdsFor, linkId, linksOf, sourceKeysFor, type Link } from './resolve-refs.ts';
import type { RunContext } from './run-context.ts';
import { readCheckpoint, setPhaseProgress, writeCheckpoint } from './run-store.ts';
import { snapshotIndex, type SnapshotIndex } from './snapshot.ts';
import { rowKey, rowsOf, type StagedRow } from './staging.ts';

/** Where a link's destination id goes in the Freshsales record. */
function attach(data: Record<string, unknown>, field: string, id: string) {
  const numeric = /^\d+$/.test(id) ? Number(id) : id;
  if (field === 'sales_accounts') data.sales_accounts = [{ id: numeric, is_primary: true }];
  else if (/(_ids|_list)$/.test(field)) data[field] = [...new Set([...((data[field] as unknown[]) ?? []), numeric])];
  else data[field] = numeric;
}

interface Prepared {
  row: StagedRow;
  record?: LoadRecord;
  problem?: { status: 'quarantined' | 'conflict'; reason: string; detail?: string };
}

export interface LoadOptions {
  /** Runs whose ledger already holds records this run links to, newest first (the run itself, then a delta's parent). */
  chain: string[];
  owners: Record<string, number>;
}

/**
 * Writes ready rows to the destination in dependency order, a window of batches at a time. Each window's outcomes,
 * the ledger rows and the object's bookmark are committed in one transaction after the writes returned, so a crash
 * re-writes at most one window — and upserts by identifier make that rewrite land on the same records.
 */
export async function load(deps: RunnerDeps, rc: RunContext, session: DestinationSession, opts: LoadOptions): Promise<void> {
  const { db, tuning } = deps;
  const objects = rc.plan.filter((p) => p.entity);
  const progress = { name: 'loading', done: await countRows(deps, rc.run.id, ['loaded']), total: await countRows(deps, rc.run.id, ['ready', 'loaded']), startedAt: deps.now().getTime() };
  for (const p of objects) {
    const index = await snapshotIndex(db, rc.run, p.entity!);
    const name = `load:${p.object}`;
    let seq = (await readCheckpoint<{ seq: number }>(db, rc.run.id, name))?.seq ?? 0;
    for (;;) {
      const window = await rowsOf(db, rc.run.id, p.object, 'ready', tuning.loadBatch * tuning.loadConcurrency);
      if (window.length === 0) break;
      const prepared = await prepare(deps, rc, p, window, opts, index);
      const writable = prepared.filter((x) => x.record);
      const batches: LoadBatch[] = [];
      for (let i = 0; i < writable.length; i += tuning.loadBatch) {
        seq++;
        batches.push({ key: await contentHash([rc.run.id, p.object, seq]), entity: p.entity!, records: writable.slice(i, i + tuning.loadBatch).map((x) => x.record!) });
      }
      const results = await Promise.all(batches.map((b) => session.write(b)));
      await commit(deps, rc, p, prepared, batches, results, index, seq);
      progress.done += window.length;
      await setPhaseProgress(db, rc.run.id, progress, deps.now());
      rc.ctx.signal.throwIfAborted();
    }
  }
}

async function countRows(deps: RunnerDeps, runId: string, statuses: ('ready' | 'loaded')[]) {
  const [row] = await deps.db.select({ n: sql<number>`count(*)` }).from(runRows).where(and(eq(runRows.runId, runId), inArray(runRows.status, statuses)));
  return row?.n ?? 0;
}

/** Builds each row's record: links resolved to destination ids, owner resolved; a delta leaves records edited in Freshsales alone. */
async function prepare(deps: RunnerDeps, rc: RunContext, p: PlanObject, window: StagedRow[], opts: LoadOptions, index: SnapshotIndex): Promise<Prepared[]> {
  const staged = window.map((row) => ({ row, rec: JSON.parse(row.data!) as StagedRecord }));
  const hasDerived = rc.plan.some((x) => x.derivedFrom === p.object);
  const links = new Map(staged.map((s) => [s.row, linksOf(s.rec, p.object, rc.mapping, hasDerived)]));
  const all = [...links.values()].flat();
  const keys = await sourceKeysFor(deps.db, rc.run.id, all);
  const ids = new Map<string, Map<string, string>>();
  for (const toObject of new Set(all.map((l) => l.toObject))) {
    const wanted = all.filter((l) => l.toObject === toObject).map((l) => keys.get(linkId(l))).filter((k): k is string => !!k);
    ids.set(toObject, await destinationIdsFor(deps.db, opts.chain, toObject, wanted));
  }
  const parentWrites = rc.run.mode === 'delta' ? await settled(deps, opts.chain.slice(1), p.object, staged.map((s) => s.row.sourceKey!)) : new Map();

  const edited = new Set<string>();
  for (const { row, rec } of staged) {
    const prior = parentWrites.get(row.sourceKey!);
    const current = index.before(rec.identifier);
    if (!prior?.settledAt || !current) continue;
    const changedAt = String(current.updated_at ?? '') !== prior.settledAt;
    if (changedAt || (prior.settledFingerprint && (await recordFingerprint(current)) !== prior.settledFingerprint)) edited.add(row.sourceKey!);
  }

  return staged.map(({ row, rec }): Prepared => {
    const data: Record<string, unknown> = structuredClone(rec.data);
    for (const l of links.get(row)!) {
      const key = keys.get(linkId(l));
      const id = key ? ids.get(l.toObject)?.get(key) : undefined;
      if (!id) return { row, problem: { status: 'quarantined', reason: unresolved(l, !!key), detail: l.column } };
      attach(data, l.field, id);
    }
    if (rec.owner) {
      const owner = opts.owners[rec.owner.trim().toLowerCase()];
      if (owner !== undefined) data.owner_id = owner;
    }
    if (edited.has(row.sourceKey!)) {
      const current = index.before(rec.identifier)!;
      return {
        row,
        problem: { status: 'conflict', reason: `edited in Freshsales after go-live (updated ${String(current.updated_at)}, Ferry last wrote it at ${parentWrites.get(row.sourceKey!)!.settledAt}); left as it is for a person to decide` },
      };
    }
    return { row, record: { sourceKey: row.sourceKey!, identifier: rec.identifier, data } };
  });
}

const unresolved = (l: Link, staged: boolean) =>
  staged
    ? `links to ${l.toObject} with ${l.column} "${l.value}", which was not loaded (quarantined or outside this run)`
    : `links to ${l.toObject} with ${l.column} "${l.value}", but no ${l.toObject} row has that value`;

/** What the runs a delta builds on wrote for these rows, and how Freshsales showed it afterwards. */
async function settled(deps: RunnerDeps, runIds: string[], object: string, sourceKeys: string[]) {
  if (runIds.length === 0) return new Map<string, { settledAt: string | null; settledFingerprint: string | null }>();
  const rows = await deps.db
    .select({ sourceKey: runLedger.sourceKey, settledAt: runLedger.settledAt, settledFingerprint: runLedger.settledFingerprint, runId: runLedger.runId })
    .from(runLedger)
    .where(and(inArray(runLedger.runId, runIds), eq(runLedger.object, object), inArray(runLedger.sourceKey, sourceKeys)));
  rows.sort((a, b) => runIds.indexOf(b.runId) - runIds.indexOf(a.runId));
  return new Map(rows.map((r) => [r.sourceKey, { settledAt: r.settledAt, settledFingerprint: r.settledFingerprint }]));
}

async function commit(
  deps: RunnerDeps,
  rc: RunContext,
  p: PlanObject,
  prepared: Prepared[],
  batches: LoadBatch[],
  results: WriteOutcome[][],
  index: SnapshotIndex,
  seq: number,
) {
  const { db } = deps;
  const now = deps.now();
  const statements = [];
  const rowBy = new Map(prepared.map((x) => [x.row.sourceKey!, x.row]));
  for (const x of prepared.filter((y) => y.problem)) {
    statements.push(db.update(runRows).set({ status: x.problem!.status, reason: x.problem!.reason, detail: x.problem!.detail ?? null }).where(rowKey(x.row)));
  }
  let n = 0;
  batches.forEach((batch, b) => {
    const firstSeq = seq - batches.length + b + 1;
    for (const outcome of results[b]!) {
      const row = rowBy.get(outcome.sourceKey)!;
      if (outcome.status === 'failed') {
        statements.push(db.update(runRows).set({ status: 'quarantined', reason: `Freshsales refused it: ${outcome.error.message}`, detail: outcome.error.code }).where(rowKey(row)));
        continue;
      }
      const record = batch.records.find((r) => r.sourceKey === outcome.sourceKey)!;
      const before = index.before(record.identifier);
      const entry = {
        runId: rc.run.id,
        seq: firstSeq * 1000 + n++,
        object: p.object,
        entity: p.entity as DestinationEntity,
        sourceKey: outcome.sourceKey,
        destinationId: outcome.destinationId,
        op: before ? ('updated' as const) : ('created' as const),
        before: before ? JSON.stringify(before) : null,
        hash: row.hash!,
        batchKey: batch.key,
        writtenAt: now,
      };
      statements.push(
        db.insert(runLedger).values(entry).onConflictDoUpdate({ target: [runLedger.runId, runLedger.object, runLedger.sourceKey], set: { destinationId: entry.destinationId, hash: entry.hash, batchKey: entry.batchKey, writtenAt: now } }),
        db.update(runRows).set({ status: 'loaded' }).where(rowKey(row)),
      );
    }
  });
  statements.push(writeCheckpoint(db, rc.run.id, `load:${p.object}`, { seq }, now));
  await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}
