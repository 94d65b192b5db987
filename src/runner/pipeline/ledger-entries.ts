import { eq, sql } from 'drizzle-orm';
import { runLedger } from '../../../db/schema/index.ts';
import { contentHash } from '../../scoping/mapping/hash.ts';
import type { Db } from '../../../db/client.ts';

/**
 * The ledger row of a record created by a call of its own (a document upload, a custom-module record): the call is
 * its own batch, so its key names it stably across retries. Written again, it keeps the newest destination id.
 * The statement comes back in a list: a drizzle query is thenable, and a promise resolving to it would run it.
 */
export async function singleCreateLedger(db: Db, e: { runId: string; seq: number; object: string; entity: string; sourceKey: string; destinationId: string; hash: string; now: Date }) {
  const entry = {
    runId: e.runId,
    seq: e.seq,
    object: e.object,
    entity: e.entity,
    sourceKey: e.sourceKey,
    destinationId: e.destinationId,
    op: 'created' as const,
    before: null,
    hash: e.hash,
    batchKey: await contentHash([e.runId, e.object, e.sourceKey]),
    writtenAt: e.now,
  };
  return [db.insert(runLedger).values(entry).onConflictDoUpdate({ target: [runLedger.runId, runLedger.object, runLedger.sourceKey], set: { destinationId: entry.destinationId, hash: entry.hash, writtenAt: e.now } })] as const;
}

/** The run's highest ledger sequence: what a later step writes is numbered after everything before it. */
export async function topLedgerSeq(db: Db, runId: string): Promise<number> {
  const [top] = await db.select({ seq: sql<number>`coalesce(max(${runLedger.seq}), 0)` }).from(runLedger).where(eq(runLedger.runId, runId));
  return top?.seq ?? 0;
}
