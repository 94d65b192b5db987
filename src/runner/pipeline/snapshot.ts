import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { runLedger, runs, runSnapshot } from '../../../db/schema/index.ts';
import { isActivityEntity, type DestinationEntity, type DestinationRecord, type DestinationSession } from '../protocol.ts';
import type { RunnerDeps } from './deps.ts';
import type { RunContext } from './run-context.ts';
import { readCheckpoint, writeCheckpoint } from './run-store.ts';

const lower = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().toLowerCase() : null);

/** The values an upsert identifier could match a record by: its emails, its name and Ferry's source-id field. */
export function identityKeys(entity: DestinationEntity, record: DestinationRecord): string[] {
  const keys: (string | null)[] = [];
  const custom = (record.custom_field ?? {}) as Record<string, unknown>;
  keys.push(lower(custom.cf_ferry_source_id) && `cf_ferry_source_id=${lower(custom.cf_ferry_source_id)}`);
  if (entity === 'contacts' || entity === 'leads') {
    const emails = Array.isArray(record.emails) ? record.emails : [];
    for (const e of emails) keys.push(lower(typeof e === 'string' ? e : (e as { value?: unknown }).value) && `emails=${lower(typeof e === 'string' ? e : (e as { value?: unknown }).value)}`);
    keys.push(lower(record.email) && `emails=${lower(record.email)}`);
  } else {
    keys.push(lower(record.name) && `name=${lower(record.name)}`);
  }
  return [...new Set(keys.filter((k): k is string => !!k))];
}

export const identifierKey = (identifier: Record<string, string | number>) => {
  const [k, v] = Object.entries(identifier)[0]!;
  return `${k === 'email' ? 'emails' : k}=${String(v).trim().toLowerCase()}`;
};

/**
 * Records every live destination record of the entities the run writes, before it writes anything: these are the
 * before-images rollback restores, and what tells a create from an overwrite. Taken once per run and entity.
 */
export async function takeSnapshot(deps: RunnerDeps, rc: RunContext, session: DestinationSession, entities: DestinationEntity[]) {
  const { db } = deps;
  // Activities are only ever created (or updated by the id Ferry recorded), so no earlier record can be overwritten.
  for (const entity of entities.filter((e) => !isActivityEntity(e))) {
    const name = `snapshot:${entity}`;
    if ((await readCheckpoint(db, rc.run.id, name)) !== null) continue;
    await db.delete(runSnapshot).where(and(eq(runSnapshot.runId, rc.run.id), eq(runSnapshot.entity, entity)));
    let count = 0;
    for await (const page of session.snapshot(entity)) {
      if (page.length === 0) continue;
      await db
        .insert(runSnapshot)
        .values(page.map((r) => ({ runId: rc.run.id, entity, destinationId: String(r.id), keys: JSON.stringify(identityKeys(entity, r)), record: JSON.stringify(r) })))
        .onConflictDoNothing();
      count += page.length;
      rc.ctx.signal.throwIfAborted();
    }
    await db.batch([writeCheckpoint(db, rc.run.id, name, { records: count }, deps.now())]);
  }
}

export interface SnapshotIndex {
  /** The record an identifier would have matched before the run, unless it was one a sample run of this scope created. */
  before(identifier: Record<string, string | number>): DestinationRecord | null;
  /** The record an identifier matches in the account, a sample's creation included: what a plain create updates instead. */
  existing(identifier: Record<string, string | number>): DestinationRecord | null;
  byId(id: string): DestinationRecord | null;
}

/** Loads the snapshot of one entity into memory as an identifier index. */
export async function snapshotIndex(db: Db, run: { id: string; scopeId: string; mode: string }, entity: DestinationEntity): Promise<SnapshotIndex> {
  const rows = await db.select().from(runSnapshot).where(and(eq(runSnapshot.runId, run.id), eq(runSnapshot.entity, entity)));
  const adopted = run.mode === 'full' ? await sampleCreated(db, run.scopeId, entity) : new Set<string>();
  const byKey = new Map<string, DestinationRecord>();
  const anyByKey = new Map<string, DestinationRecord>();
  const byId = new Map<string, DestinationRecord>();
  for (const r of rows) {
    const record = JSON.parse(r.record) as DestinationRecord;
    byId.set(r.destinationId, record);
    for (const k of JSON.parse(r.keys) as string[]) {
      anyByKey.set(k, record);
      if (!adopted.has(r.destinationId)) byKey.set(k, record);
    }
  }
  return {
    before: (identifier) => byKey.get(identifierKey(identifier)) ?? null,
    existing: (identifier) => anyByKey.get(identifierKey(identifier)) ?? null,
    byId: (id) => byId.get(id) ?? null,
  };
}

/**
 * Records sample runs of the scope created and nobody rolled back: a full run adopts them as its own creations, so
 * rolling the full run back leaves the account as it was before the sample too.
 */
async function sampleCreated(db: Db, scopeId: string, entity: DestinationEntity): Promise<Set<string>> {
  const samples = await db.select({ id: runs.id }).from(runs).where(and(eq(runs.scopeId, scopeId), eq(runs.mode, 'sample')));
  if (samples.length === 0) return new Set();
  const rows = await db
    .select({ id: runLedger.destinationId, undo: runLedger.undo })
    .from(runLedger)
    .where(and(inArray(runLedger.runId, samples.map((s) => s.id)), eq(runLedger.entity, entity), eq(runLedger.op, 'created')));
  return new Set(rows.filter((r) => r.undo === null).map((r) => r.id));
}
