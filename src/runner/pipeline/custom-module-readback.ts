import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { runLedger, runRows } from '../../../db/schema/index.ts';
import type { Reconciliation } from '../../reports/run/input.ts';
import type { DestinationDescription, DestinationRecord, DestinationSession } from '../protocol.ts';
import { actualHash, compareRecord, type StagedRecord } from '../transform/index.ts';
import { moduleEntity, moduleOfEntity } from './custom-module-kinds.ts';
import type { ReadBackTally } from './documents-reconcile.ts';
import type { RunnerDeps } from './deps.ts';
import type { RunContext } from './run-context.ts';

const modulesOf = (session: DestinationSession) => {
  if (!session.modules) throw new Error('this destination keeps no custom-module records');
  return session.modules;
};

/**
 * Reads back every custom-module record the run created, one call each (modules have no listing Ferry walks): its
 * fields must hash as they were mapped. Returns a tally per object; differences are added to `mismatches`.
 */
export async function readBackModules(
  deps: RunnerDeps,
  rc: RunContext,
  session: DestinationSession,
  destination: DestinationDescription,
  mismatches: Reconciliation['mismatches'],
): Promise<Map<string, ReadBackTally>> {
  const { db } = deps;
  const tallies = new Map<string, ReadBackTally>();
  for (let offset = 0; ; offset += deps.tuning.readBackBatch) {
    const page = await db
      .select()
      .from(runLedger)
      .where(and(eq(runLedger.runId, rc.run.id), like(runLedger.entity, `${moduleEntity('')}%`)))
      .orderBy(asc(runLedger.seq))
      .limit(deps.tuning.readBackBatch)
      .offset(offset);
    if (page.length === 0) return tallies;
    const staged = new Map<string, string | null>();
    for (const object of new Set(page.map((l) => l.object))) {
      const keys = page.filter((l) => l.object === object).map((l) => l.sourceKey);
      const rows = await db.select({ sourceKey: runRows.sourceKey, data: runRows.data }).from(runRows).where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, object), inArray(runRows.sourceKey, keys)));
      for (const r of rows) staged.set(`${object}\u0000${r.sourceKey}`, r.data);
    }
    for (const entity of new Set(page.map((l) => l.entity))) {
      const mine = page.filter((l) => l.entity === entity);
      const found = await modulesOf(session).fetch(moduleOfEntity(entity)!, mine.map((l) => l.destinationId));
      for (const l of mine) {
        const t = tallies.get(l.object) ?? tallies.set(l.object, { readBack: 0, matched: 0, mismatched: 0 }).get(l.object)!;
        const actual = found.get(l.destinationId);
        const data = staged.get(`${l.object}\u0000${l.sourceKey}`);
        if (!actual || !data) continue;
        t.readBack++;
        const expected = (JSON.parse(data) as StagedRecord).data;
        if ((await actualHash(actual, expected, destination)) === l.hash) t.matched++;
        else {
          t.mismatched++;
          const fields = compareRecord(expected, actual, destination).filter((f) => !f.match);
          mismatches.push({ object: l.object, sourceKey: l.sourceKey, destinationId: l.destinationId, fields: fields.map((f) => ({ ...f, label: f.field, column: null, source: null })) });
        }
      }
    }
    rc.ctx.signal.throwIfAborted();
  }
}

/** Undoes a module record the run created: deleted, then purged from the recycle bin. 'gone' when it already was. */
export const undoModuleRecord = (session: DestinationSession, entity: string, id: string) => modulesOf(session).remove(moduleOfEntity(entity)!, id);

/** What is left of module records after a rollback: each still live reads as present, else null. */
export const moduleRecordsNow = (session: DestinationSession, entity: string, ids: string[]): Promise<Map<string, DestinationRecord | null>> => modulesOf(session).fetch(moduleOfEntity(entity)!, ids);
