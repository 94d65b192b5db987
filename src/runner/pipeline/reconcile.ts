import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { runLedger, runRows } from '../../../db/schema/index.ts';
import type { ObjectReconciliation, QuarantinedRow, Reconciliation, RunHeader, WarnedRow } from '../../reports/run/input.ts';
import { DESTINATION_ENTITIES, readBackById, type DestinationDescription, type DestinationEntity, type DestinationRecord, type DestinationSession } from '../protocol.ts';
import { actualHash, compareRecord, recordFingerprint, type StagedRecord } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import { readBackModules } from './custom-module-readback.ts';
import { readBackFiles } from './documents-reconcile.ts';
import { reconcileLists } from './lists-reconcile.ts';
import type { RunContext } from './run-context.ts';
import { rowCounts } from './staging.ts';

const MAX_MISMATCHES = 500;

/**
 * The ledger rows of this run for these destination records, each with the staged record it came from. Two plain
 * lookups rather than a join: without table statistics SQLite would drive a join from the run's whole staging.
 */
async function writtenAmong(deps: RunnerDeps, runId: string, entity: string, ids: string[]) {
  const { db } = deps;
  // The unary + keeps the planner on the (entity, destination_id) index instead of the run's whole ledger.
  const ledger = await db.select().from(runLedger).where(and(sql`+${runLedger.runId} = ${runId}`, eq(runLedger.entity, entity), inArray(runLedger.destinationId, ids)));
  const out: { ledger: (typeof ledger)[number]; data: string | null }[] = [];
  for (const object of new Set(ledger.map((l) => l.object))) {
    const mine = ledger.filter((l) => l.object === object);
    const rows = await db
      .select({ sourceKey: runRows.sourceKey, data: runRows.data })
      .from(runRows)
      .where(and(eq(runRows.runId, runId), eq(runRows.object, object), inArray(runRows.sourceKey, mine.map((l) => l.sourceKey)), sql`+${runRows.status} = 'loaded'`));
    const data = new Map(rows.map((r) => [r.sourceKey, r.data]));
    for (const l of mine) out.push({ ledger: l, data: data.get(l.sourceKey) ?? null });
  }
  return out;
}

/**
 * Proves the load: per object, what the source held, what was quarantined, merged, created and updated, and whether
 * every record Ferry wrote reads back from Freshsales with the fields hashing as they were mapped. Read-back pages
 * through the destination's lists (100 records a call) rather than fetching records one by one, to spare the budget;
 * activities, which have no such lists, are read back one call each.
 */
export async function reconcile(deps: RunnerDeps, rc: RunContext, session: DestinationSession, destination: DestinationDescription, header: RunHeader): Promise<Reconciliation> {
  const { db } = deps;
  const counts = await rowCounts(db, rc.run.id);
  const count = (object: string, status: string) => counts.find((c) => c.object === object && c.status === status)?.n ?? 0;
  const ledgerCounts = await db
    .select({ object: runLedger.object, op: runLedger.op, n: sql<number>`count(*)` })
    .from(runLedger)
    .where(eq(runLedger.runId, rc.run.id))
    .groupBy(runLedger.object, runLedger.op);
  const ops = (object: string, op: string) => ledgerCounts.find((c) => c.object === object && c.op === op)?.n ?? 0;

  const seen = new Map<string, { readBack: number; matched: number; mismatched: number }>();
  const mismatches: Reconciliation['mismatches'] = [];
  /** Compares one page of records read back with what the run wrote to them, and records how each settled. */
  const check = async (entity: DestinationEntity, page: DestinationRecord[]) => {
    const ids = page.map((r) => String(r.id));
    if (ids.length === 0) return;
    const written = await writtenAmong(deps, rc.run.id, entity, ids);
    const statements = [];
    for (const { ledger, data } of written) {
      const actual = page.find((r) => String(r.id) === ledger.destinationId)!;
      const expected = (JSON.parse(data!) as StagedRecord).data;
      const tally = seen.get(ledger.object) ?? { readBack: 0, matched: 0, mismatched: 0 };
      seen.set(ledger.object, tally);
      tally.readBack++;
      if ((await actualHash(actual, expected, destination, entity)) === ledger.hash) tally.matched++;
      else {
        tally.mismatched++;
        if (mismatches.length < MAX_MISMATCHES) {
          mismatches.push({ object: ledger.object, sourceKey: ledger.sourceKey, destinationId: ledger.destinationId, fields: compareRecord(expected, actual, destination, entity).filter((f) => !f.match).map((f) => ({ ...f, label: f.field, column: null, source: null })) });
        }
      }
      statements.push(db.update(runLedger).set({ settledAt: actual.updated_at === undefined ? null : String(actual.updated_at), settledFingerprint: await recordFingerprint(actual) }).where(and(eq(runLedger.runId, ledger.runId), eq(runLedger.object, ledger.object), eq(runLedger.sourceKey, ledger.sourceKey))));
    }
    if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    rc.ctx.signal.throwIfAborted();
  };
  const core = [...new Set(rc.plan.filter((p) => p.entity && !readBackById(p.entity)).map((p) => p.entity!))];
  for (const entity of core) for await (const page of session.snapshot(entity)) await check(entity, page);
  // Activities have no list of every record (notes none at all), deal line items none of their own: each one the run wrote is read back by its id.
  for (let offset = 0; ; offset += deps.tuning.readBackBatch) {
    const page = await db
      .select({ entity: runLedger.entity, destinationId: runLedger.destinationId })
      .from(runLedger)
      .where(and(eq(runLedger.runId, rc.run.id), inArray(runLedger.entity, DESTINATION_ENTITIES.filter(readBackById))))
      .orderBy(runLedger.seq)
      .limit(deps.tuning.readBackBatch)
      .offset(offset);
    if (page.length === 0) break;
    for (const entity of new Set(page.map((l) => l.entity as DestinationEntity))) {
      const found = await session.fetch(entity, page.filter((l) => l.entity === entity).map((l) => l.destinationId));
      await check(entity, [...found.values()].filter((r): r is DestinationRecord => r !== null));
    }
  }
  // Files: uploaded documents by their id, packaged articles from the stored package.
  for (const [object, tally] of await readBackFiles(deps, rc, session, mismatches)) seen.set(object, tally);
  // Custom-module records, by their id.
  for (const [object, tally] of await readBackModules(deps, rc, session, destination, mismatches)) seen.set(object, tally);

  const objects: ObjectReconciliation[] = rc.plan.map((p) => {
    const s = seen.get(p.object) ?? { readBack: 0, matched: 0, mismatched: 0 };
    const written = ops(p.object, 'created') + ops(p.object, 'updated');
    const sourceRows = ['staged', 'ready', 'quarantined', 'merged', 'loaded', 'skipped', 'conflict'].reduce((n, st) => n + count(p.object, st), 0);
    return {
      object: p.object,
      entity: p.entity ?? p.destinationObject,
      sourceRows,
      quarantined: count(p.object, 'quarantined'),
      merged: count(p.object, 'merged'),
      created: ops(p.object, 'created'),
      updated: ops(p.object, 'updated'),
      skipped: count(p.object, 'skipped'),
      conflicts: count(p.object, 'conflict'),
      readBack: s.readBack,
      missing: written - s.readBack,
      hashMatched: s.matched,
      hashMismatched: s.mismatched,
      ok: s.mismatched === 0 && written === s.readBack && count(p.object, 'ready') === 0 && count(p.object, 'staged') === 0,
    };
  });
  // Lists and their memberships, read back list by list.
  objects.push(...(await reconcileLists(deps, rc, session, mismatches)));
  const quarantineRows = await db
    .select()
    .from(runRows)
    .where(and(eq(runRows.runId, rc.run.id), inArray(runRows.status, ['quarantined'])))
    .orderBy(runRows.object, runRows.file, runRows.line);
  const quarantine: QuarantinedRow[] = quarantineRows.map((r) => ({ object: r.object, file: r.file, line: r.line, sourceKey: r.sourceKey, column: r.detail, reason: r.reason ?? '' }));
  const conflictRows = await db.select().from(runRows).where(and(eq(runRows.runId, rc.run.id), eq(runRows.status, 'conflict')));
  const conflicts = conflictRows.map((r) => ({ object: r.object, sourceKey: r.sourceKey ?? '', destinationId: '', reason: r.reason ?? '' }));
  return { header, ok: objects.every((o) => o.ok), objects, quarantine, warnings: await loadedWithWarnings(deps, rc.run.id), mismatches, conflicts };
}

/** Every warning of the rows that loaded with one (their reason is set), in file order. */
async function loadedWithWarnings(deps: RunnerDeps, runId: string): Promise<WarnedRow[]> {
  const rows = await deps.db
    .select({ object: runRows.object, file: runRows.file, line: runRows.line, sourceKey: runRows.sourceKey, detail: runRows.detail, reason: runRows.reason, data: runRows.data })
    .from(runRows)
    .where(and(eq(runRows.runId, runId), eq(runRows.status, 'loaded'), isNotNull(runRows.reason)))
    .orderBy(runRows.file, runRows.line, runRows.object);
  return rows.flatMap((r) => {
    const at = { object: r.object, file: r.file, line: r.line, sourceKey: r.sourceKey };
    const warnings = r.data ? (JSON.parse(r.data) as StagedRecord).warnings : undefined;
    return warnings?.length ? warnings.map((w) => ({ ...at, column: w.column, value: w.value, reason: w.message })) : [{ ...at, column: r.detail, value: null, reason: r.reason! }];
  });
}
