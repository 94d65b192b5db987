import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { runRows } from '../../../db/schema/index.ts';
import { mappedHash, NATURAL_KEY_LABEL, PROVENANCE, type StagedRecord } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import type { RunContext } from './run-context.ts';
import { rowKey, type StagedRow } from './staging.ts';

/** Fields a losing row never fills: a contact status belongs to its lifecycle stage, so they move only together. */
const NOT_FILLED = new Set(['lifecycle_stage_id', 'contact_status_id']);

/** A lead is the earliest stage of a person's lifecycle: any other object that is the same person wins over it. */
const lifecycleRank = (rc: RunContext, object: string) => {
  const o = rc.mapping.objects.find((x) => x.row === object);
  return o && /\blead\b/i.test(`${o.row} ${o.sourceObject}`) ? 0 : 1;
};

/**
 * Rows of different objects that upsert the same Freshsales record (one email, e.g. a Promio lead who became a
 * customer; one account name) would overwrite each other. The row later in the lifecycle wins (between equals, the newest); the others
 * are marked merged into it, naming it, and their values fill the fields the winner leaves empty.
 */
export async function mergeAcrossObjects(deps: RunnerDeps, rc: RunContext): Promise<void> {
  const { db } = deps;
  for (const entity of new Set(rc.plan.map((p) => p.entity))) {
    const objects = rc.plan.filter((p) => p.entity === entity && p.mapping).map((p) => p.object);
    if (objects.length < 2) continue;
    const rows = await db
      .select()
      .from(runRows)
      .where(and(eq(runRows.runId, rc.run.id), inArray(runRows.object, objects), eq(runRows.status, 'ready'), isNotNull(runRows.dedupeKey)));
    const groups = new Map<string, StagedRow[]>();
    for (const r of rows) groups.set(r.dedupeKey!, [...(groups.get(r.dedupeKey!) ?? []), r]);
    const statements = [];
    for (const [key, group] of groups) {
      if (new Set(group.map((r) => r.object)).size < 2) continue;
      const rank = (r: StagedRow) => [lifecycleRank(rc, r.object), r.cursor ?? ''] as const;
      const winner = group.reduce((best, r) => {
        const [a, b] = [rank(best), rank(r)];
        return b[0] > a[0] || (b[0] === a[0] && b[1] > a[1]) ? r : best;
      });
      const record = JSON.parse(winner.data!) as StagedRecord;
      const same = `${entity === 'contacts' ? 'person' : 'record'} as ${winner.object} ${winner.sourceKey} (same ${NATURAL_KEY_LABEL[entity!] ?? 'key'} ${key})`;
      for (const loser of group.filter((r) => r !== winner)) {
        fillEmpty(record, JSON.parse(loser.data!) as StagedRecord);
        const why = lifecycleRank(rc, loser.object) < lifecycleRank(rc, winner.object) ? 'later in the lifecycle' : 'the newer row';
        statements.push(
          db
            .update(runRows)
            .set({ status: 'merged', reason: `the same ${same}, which is ${why} and is loaded instead; values it lacked were taken from this row`, detail: winner.sourceKey })
            .where(rowKey(loser)),
        );
      }
      statements.push(db.update(runRows).set({ data: JSON.stringify(record), hash: await mappedHash(record.data) }).where(rowKey(winner)));
    }
    if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
  }
}

/** The loser's standard and custom values where the winner has none (provenance stays the winner's). */
export function fillEmpty(winner: StagedRecord, loser: StagedRecord) {
  for (const [k, v] of Object.entries(loser.data)) {
    if (k === 'custom_field' || NOT_FILLED.has(k) || winner.data[k] !== undefined) continue;
    winner.data[k] = v;
  }
  const mine = (winner.data.custom_field ?? {}) as Record<string, unknown>;
  const theirs = (loser.data.custom_field ?? {}) as Record<string, unknown>;
  const provenance = new Set<string>(Object.values(PROVENANCE));
  for (const [k, v] of Object.entries(theirs)) if (!provenance.has(k) && mine[k] === undefined) mine[k] = v;
  if (Object.keys(mine).length) winner.data.custom_field = mine;
  winner.owner ??= loser.owner;
}
