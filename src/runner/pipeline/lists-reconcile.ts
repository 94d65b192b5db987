import { eq } from 'drizzle-orm';
import { runLedger } from '../../../db/schema/index.ts';
import type { ObjectReconciliation, Reconciliation } from '../../reports/run/input.ts';
import type { DestinationSession } from '../protocol.ts';
import type { RunnerDeps } from './deps.ts';
import { LIST_ENTITY, LIST_OBJECT, listColumns, LISTS_CHECKPOINT, MEMBER_ENTITY, MEMBER_OBJECT, splitMemberId, type ListsDone } from './lists-kinds.ts';
import type { RunContext } from './run-context.ts';
import { readCheckpoint } from './run-store.ts';

const MAX_MISMATCHES = 500;

const row = (object: string, entity: string, counts: Partial<ObjectReconciliation>): ObjectReconciliation => ({
  object,
  entity,
  sourceRows: 0,
  quarantined: 0,
  merged: 0,
  created: 0,
  updated: 0,
  skipped: 0,
  conflicts: 0,
  readBack: 0,
  missing: 0,
  hashMatched: 0,
  hashMismatched: 0,
  ok: true,
  ...counts,
});

/**
 * Reads every list the run filled back from Freshsales, its members page by page: each list the run created must still
 * be there, and each membership it added must show. A list or member that does not is a mismatch. Returns the lists'
 * and the memberships' lines of the reconciliation (none when the scope maps no column to lists).
 */
export async function reconcileLists(deps: RunnerDeps, rc: RunContext, session: DestinationSession, mismatches: Reconciliation['mismatches']): Promise<ObjectReconciliation[]> {
  if (listColumns(rc.mapping).length === 0) return [];
  const done = await readCheckpoint<ListsDone>(deps.db, rc.run.id, LISTS_CHECKPOINT);
  const ledger = await deps.db.select().from(runLedger).where(eq(runLedger.runId, rc.run.id));
  const createdLists = ledger.filter((l) => l.entity === LIST_ENTITY);
  const added = ledger.filter((l) => l.entity === MEMBER_ENTITY);
  const mismatch = (m: Reconciliation['mismatches'][number]) => void (mismatches.length < MAX_MISMATCHES && mismatches.push(m));

  const now = new Map<string, Set<string> | null>();
  for (const list of done?.lists ?? []) {
    const members = await session.lists!.members(list.id);
    now.set(list.id, members ? new Set(members) : null);
    rc.ctx.signal.throwIfAborted();
  }

  let listsFound = 0;
  for (const l of createdLists) {
    if (now.get(l.destinationId)) listsFound++;
    else mismatch({ object: LIST_OBJECT, sourceKey: l.sourceKey, destinationId: l.destinationId, fields: [{ field: 'list', label: 'the list exists', column: null, source: null, expected: true, actual: false, match: false }] });
  }
  let membersFound = 0;
  const column = listColumns(rc.mapping).map((c) => c.column).join(', ');
  for (const m of added) {
    const { listId, contactId } = splitMemberId(m.destinationId);
    if (now.get(listId)?.has(contactId)) membersFound++;
    else mismatch({ object: MEMBER_OBJECT, sourceKey: m.sourceKey, destinationId: m.destinationId, fields: [{ field: 'member', label: `contact ${contactId} in list ${listId}`, column, source: null, expected: true, actual: false, match: false }] });
  }

  const lists = done?.lists ?? [];
  const counts = done?.members ?? { wanted: 0, added: 0, already: 0, refused: 0 };
  return [
    row(LIST_OBJECT, LIST_ENTITY, {
      sourceRows: lists.length,
      created: createdLists.length,
      skipped: lists.length - lists.filter((l) => l.created).length,
      readBack: listsFound,
      missing: createdLists.length - listsFound,
      hashMatched: listsFound,
      ok: !!done && listsFound === createdLists.length,
    }),
    row(MEMBER_OBJECT, MEMBER_ENTITY, {
      sourceRows: counts.wanted,
      quarantined: counts.refused,
      created: added.length,
      skipped: counts.already,
      readBack: membersFound,
      missing: added.length - membersFound,
      hashMatched: membersFound,
      ok: !!done && membersFound === added.length,
    }),
  ];
}
