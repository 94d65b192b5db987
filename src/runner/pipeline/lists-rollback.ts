import { and, eq } from 'drizzle-orm';
import { runLedger } from '../../../db/schema/index.ts';
import type { DestinationRecord, DestinationSession, ListSession } from '../protocol.ts';
import type { UndoOutcome } from '../statuses.ts';
import type { RunnerDeps } from './deps.ts';
import { isListEntity, LIST_ENTITY, MEMBER_ENTITY, membersPerCall, splitMemberId } from './lists-kinds.ts';
import type { RunContext } from './run-context.ts';

type Entry = typeof runLedger.$inferSelect;
export interface ListUndo {
  outcome: UndoOutcome;
  note: string | null;
}

const need = (session: DestinationSession): ListSession => {
  if (!session.lists) throw new Error('this destination keeps no contact lists, so the lists and memberships of the run cannot be undone here');
  return session.lists;
};

/**
 * Undoes the list rows of one page of the ledger (newest first), before the page's other rows: the memberships the run
 * added, a list at a time (one read of the list, then its removals `perCall` ids a call), then the lists it created.
 * A membership of a list the run created goes with the list, so it costs no call of its own. Returns each list row's
 * outcome; a call that fails marks the rows it covered as failed, with the reason.
 */
export async function undoListRows(deps: RunnerDeps, rc: RunContext, session: DestinationSession, page: Entry[]): Promise<Map<Entry, ListUndo>> {
  const out = new Map<Entry, ListUndo>();
  const mine = page.filter((e) => isListEntity(e.entity));
  if (mine.length === 0) return out;
  const lists = need(session);
  const created = new Set(
    (await deps.db.select({ id: runLedger.destinationId }).from(runLedger).where(and(eq(runLedger.runId, rc.run.id), eq(runLedger.entity, LIST_ENTITY), eq(runLedger.op, 'created')))).map((r) => r.id),
  );
  const perCall = membersPerCall(deps.kb);
  const byList = new Map<string, Entry[]>();
  for (const e of mine.filter((x) => x.entity === MEMBER_ENTITY)) {
    const { listId } = splitMemberId(e.destinationId);
    byList.set(listId, [...(byList.get(listId) ?? []), e]);
  }
  for (const [listId, entries] of byList) {
    if (created.has(listId)) {
      for (const e of entries) out.set(e, { outcome: 'deleted', note: 'taken out with the list Ferry created, which is deleted after it' });
      continue;
    }
    try {
      const current = await lists.members(listId);
      if (current === null) {
        for (const e of entries) out.set(e, { outcome: 'gone', note: 'the list is no longer in Freshsales' });
        continue;
      }
      const present = new Set(current);
      const remove = entries.filter((e) => present.has(splitMemberId(e.destinationId).contactId));
      for (let i = 0; i < remove.length; i += perCall) await lists.remove(listId, remove.slice(i, i + perCall).map((e) => splitMemberId(e.destinationId).contactId));
      for (const e of entries) out.set(e, remove.includes(e) ? { outcome: 'deleted', note: null } : { outcome: 'gone', note: 'the contact was no longer in the list' });
    } catch (e) {
      if (rc.ctx.signal.aborted) throw e;
      for (const x of entries) out.set(x, { outcome: 'failed', note: (e as Error).message });
    }
  }
  for (const e of mine.filter((x) => x.entity === LIST_ENTITY)) {
    try {
      const outcome = await lists.delete(e.destinationId);
      out.set(e, { outcome, note: outcome === 'gone' ? 'the list was no longer in Freshsales' : null });
    } catch (err) {
      if (rc.ctx.signal.aborted) throw err;
      out.set(e, { outcome: 'failed', note: (err as Error).message });
    }
  }
  return out;
}

/** What is left of lists and memberships after a rollback: a list or membership still there reads as present, else null. */
export async function listsNow(session: DestinationSession, entity: string, ids: string[]): Promise<Map<string, DestinationRecord | null>> {
  const lists = need(session);
  if (entity === LIST_ENTITY) {
    const live = new Map((await lists.all()).map((l) => [l.id, l]));
    return new Map(ids.map((id) => [id, live.get(id) ? { ...live.get(id)! } : null]));
  }
  const members = new Map<string, Set<string> | null>();
  for (const listId of new Set(ids.map((id) => splitMemberId(id).listId))) {
    const current = await lists.members(listId);
    members.set(listId, current ? new Set(current) : null);
  }
  return new Map(
    ids.map((id) => {
      const { listId, contactId } = splitMemberId(id);
      return [id, members.get(listId)?.has(contactId) ? { id, listId, contactId } : null];
    }),
  );
}
