import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { runLedger } from '../../../db/schema/index.ts';
import type { AuditRow } from '../../reports/run/input.ts';

const toAudit = (r: typeof runLedger.$inferSelect): AuditRow => ({
  seq: r.seq,
  at: r.writtenAt.toISOString(),
  object: r.object,
  entity: r.entity,
  sourceKey: r.sourceKey,
  destinationId: r.destinationId,
  op: r.op,
  batchKey: r.batchKey,
  before: r.before,
  undo: r.undo,
  undoNote: r.undoNote,
  undoneAt: r.undoneAt?.toISOString() ?? null,
});

/** One page of a run's ledger in write order. */
export async function auditPage(db: Db, runId: string, page: number, perPage: number) {
  const [{ total } = { total: 0 }] = await db.select({ total: sql<number>`count(*)` }).from(runLedger).where(eq(runLedger.runId, runId));
  const rows = await db.select().from(runLedger).where(eq(runLedger.runId, runId)).orderBy(asc(runLedger.seq)).limit(perPage).offset((page - 1) * perPage);
  return { total, entries: rows.map(toAudit) };
}

/** The whole ledger in write order. */
export async function auditRows(db: Db, runId: string): Promise<AuditRow[]> {
  return (await db.select().from(runLedger).where(eq(runLedger.runId, runId)).orderBy(asc(runLedger.seq))).map(toAudit);
}
