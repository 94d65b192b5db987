import { and, eq, inArray, isNull } from 'drizzle-orm';
import { runLedger, runRows, runs } from '../../../db/schema/index.ts';
import { contentHash } from '../../scoping/mapping/hash.ts';
import type { DestinationSession, ListSession, SourceRow } from '../protocol.ts';
import type { RowStatus } from '../statuses.ts';
import { readCell, splitItems } from '../transform/cells.ts';
import { withWarnings } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import { topLedgerSeq } from './ledger-entries.ts';
import {
  CREATING_CHECKPOINT, foldListName, LIST_ENTITY, LIST_OBJECT, listColumns, LISTS_CHECKPOINT, MEMBER_ENTITY, MEMBER_OBJECT, memberId, memberKey, membersPerCall,
  splitMemberId, type ListsDone,
} from './lists-kinds.ts';
import type { LoadOptions } from './load.ts';
import { destinationIdsFor } from './resolve-refs.ts';
import { RunStopped, type RunContext } from './run-context.ts';
import { readCheckpoint, writeCheckpoint } from './run-store.ts';
import { pagesOf, rowKey } from './staging.ts';

/** A contact in Freshsales that a list's name appears on: its id, and the staged row it came from. */
interface Member {
  contactId: string;
  contactKey: string;
  object: string;
  column: string;
}

/** One list the rows name: its name as first written (spaces tidied), and its members by contact id. */
interface Wanted {
  name: string;
  members: Map<string, Member>;
}

/** A list settled for this run: found by name, created, or adopted from a sample run of the scope. */
interface Settled {
  id: string;
  name: string;
  /** Created by this run (rollback deletes it). */
  created: boolean;
  /** Only this run put members in it, so the ledger knows them all and nothing needs reading. */
  ours: boolean;
}

const ROWS_PER_PAGE = 500;

/**
 * The memberships the list columns name for contacts that are in Freshsales: rows loaded by this run, rows folded into
 * one of them as duplicates (a person subscribed under two spellings belongs to both sets of lists), and on a delta the
 * rows unchanged since its parent. A quarantined or conflicting row makes no member; its own status says why.
 */
async function wantedMemberships(deps: RunnerDeps, rc: RunContext, opts: LoadOptions): Promise<Map<string, Wanted>> {
  const out = new Map<string, Wanted>();
  const statuses: RowStatus[] = rc.run.mode === 'delta' ? ['loaded', 'merged', 'skipped'] : ['loaded', 'merged'];
  const preset = deps.kb.source(rc.sourcePlatform)?.channels.export.multiValueSeparator;
  for (const { row: object, column } of listColumns(rc.mapping)) {
    const separator = rc.plan.find((p) => p.object === object)?.profiles[column]?.separator ?? preset;
    for (const status of statuses) {
      for await (const page of pagesOf(deps.db, rc.run.id, object, status, ROWS_PER_PAGE)) {
        const named = page.flatMap((row) => {
          const cell = readCell((JSON.parse(row.raw) as SourceRow)[column]);
          const key = status === 'merged' ? row.detail : row.sourceKey;
          if (cell === undefined || !key) return [];
          // Without a separator the whole cell is one list's name.
          return [{ key, names: separator === undefined ? splitItems([cell].flat(), ',') : splitItems(cell, separator) }];
        });
        const ids = await destinationIdsFor(deps.db, opts.chain, object, named.map((n) => n.key));
        for (const { key, names } of named) {
          const contactId = ids.get(key);
          if (!contactId) continue;
          for (const name of names) {
            const folded = foldListName(name);
            if (!folded) continue;
            const wanted = out.get(folded) ?? out.set(folded, { name: name.trim().replace(/\s+/g, ' '), members: new Map() }).get(folded)!;
            if (!wanted.members.has(contactId)) wanted.members.set(contactId, { contactId, contactKey: key, object, column });
          }
        }
      }
    }
  }
  return out;
}

/** Lists that sample runs of this scope created and still stand: a full run adopts them, so its rollback removes them. */
async function sampleLists(deps: RunnerDeps, rc: RunContext): Promise<Set<string>> {
  if (rc.run.mode !== 'full') return new Set();
  const samples = await deps.db.select({ id: runs.id }).from(runs).where(and(eq(runs.scopeId, rc.run.scopeId), eq(runs.mode, 'sample')));
  if (samples.length === 0) return new Set();
  const made = await deps.db
    .select({ id: runLedger.destinationId })
    .from(runLedger)
    .where(and(inArray(runLedger.runId, samples.map((s) => s.id)), eq(runLedger.entity, LIST_ENTITY), eq(runLedger.op, 'created'), isNull(runLedger.undo)));
  return new Set(made.map((m) => m.id));
}

/**
 * Every wanted list, found among the account's lists by name (case and spacing ignored) or else created, so a retry, a
 * resumed run or a delta never makes a second list of a name. Each creation is in the ledger before the next call; a
 * name announced before creating and found afterwards without a ledger row was made by an interrupted attempt.
 */
async function settleLists(deps: RunnerDeps, rc: RunContext, lists: ListSession, wanted: Map<string, Wanted>): Promise<Map<string, Settled>> {
  const { db } = deps;
  const runId = rc.run.id;
  const mine = new Map(
    (await db.select({ key: runLedger.sourceKey, id: runLedger.destinationId }).from(runLedger).where(and(eq(runLedger.runId, runId), eq(runLedger.entity, LIST_ENTITY)))).map((l) => [l.key, l.id]),
  );
  const announced = new Set((await readCheckpoint<{ names: string[] }>(db, runId, CREATING_CHECKPOINT))?.names ?? []);
  const fromSamples = await sampleLists(deps, rc);
  const byName = new Map<string, { id: string; name: string }>();
  for (const l of await lists.all()) if (!byName.has(foldListName(l.name))) byName.set(foldListName(l.name), l);

  let seq = await topLedgerSeq(deps.db, runId);
  const created = async (folded: string, list: { id: string; name: string }) => {
    await db.batch([
      db
        .insert(runLedger)
        .values({ runId, seq: ++seq, object: LIST_OBJECT, entity: LIST_ENTITY, sourceKey: folded, destinationId: list.id, op: 'created', before: null, hash: await contentHash([folded]), batchKey: await contentHash([runId, LIST_OBJECT, folded]), writtenAt: deps.now() })
        .onConflictDoNothing(),
    ]);
  };

  const out = new Map<string, Settled>();
  const toCreate: string[] = [];
  for (const [folded, w] of wanted) {
    const ledgered = mine.get(folded);
    const there = byName.get(folded);
    if (ledgered) out.set(folded, { id: ledgered, name: there?.name ?? w.name, created: true, ours: true });
    else if (there && (announced.has(folded) || fromSamples.has(there.id))) {
      await created(folded, there);
      out.set(folded, { id: there.id, name: there.name, created: true, ours: announced.has(folded) });
    } else if (there) out.set(folded, { id: there.id, name: there.name, created: false, ours: false });
    else toCreate.push(folded);
  }
  if (toCreate.length) await db.batch([writeCheckpoint(db, runId, CREATING_CHECKPOINT, { names: [...announced, ...toCreate] }, deps.now())]);
  for (const folded of toCreate) {
    const list = await lists.create(wanted.get(folded)!.name);
    await created(folded, list);
    out.set(folded, { id: list.id, name: list.name, created: true, ours: true });
    rc.ctx.signal.throwIfAborted();
  }
  return out;
}

/** The memberships this run's ledger already holds, by list id: added by an earlier attempt of the same run. */
async function ledgeredMembers(deps: RunnerDeps, runId: string): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const rows = await deps.db.select({ id: runLedger.destinationId }).from(runLedger).where(and(eq(runLedger.runId, runId), eq(runLedger.entity, MEMBER_ENTITY)));
  for (const r of rows) {
    const { listId, contactId } = splitMemberId(r.id);
    (out.get(listId) ?? out.set(listId, new Set()).get(listId)!).add(contactId);
  }
  return out;
}

/** A warning on the contact's row for each list Freshsales would not add it to: the contact stays loaded. */
async function warnRefused(deps: RunnerDeps, rc: RunContext, refused: { member: Member; list: string; message: string }[]) {
  const { db } = deps;
  for (const object of new Set(refused.map((r) => r.member.object))) {
    const mine = refused.filter((r) => r.member.object === object);
    const rows = await db
      .select()
      .from(runRows)
      .where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, object), eq(runRows.status, 'loaded'), inArray(runRows.sourceKey, [...new Set(mine.map((r) => r.member.contactKey))])));
    const statements = rows.map((row) => {
      const warnings = mine
        .filter((r) => r.member.contactKey === row.sourceKey)
        .map((r) => ({ column: r.member.column, value: r.list, message: `column ${r.member.column}: Freshsales would not add this contact to the list "${r.list}" (${r.message}); add it to the list in Freshsales` }));
      return db.update(runRows).set(withWarnings(row.data!, warnings)).where(rowKey(row));
    });
    if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
  }
}

/**
 * After contacts load: each distinct name of the scope's list columns becomes a Freshsales list (found by name, else
 * created once), and each contact in Freshsales is added to the lists its row names, `perCall` ids a call. A list that
 * already held members is read first, so only the memberships this run adds are in the ledger (and rollback takes out
 * only those). Each batch's memberships are committed once Freshsales took them; what the step did is kept for the
 * reconciliation.
 */
export async function loadLists(deps: RunnerDeps, rc: RunContext, session: DestinationSession, opts: LoadOptions): Promise<void> {
  if (listColumns(rc.mapping).length === 0) return;
  const { db } = deps;
  const runId = rc.run.id;
  if (await readCheckpoint<ListsDone>(db, runId, LISTS_CHECKPOINT)) return;
  const lists = session.lists;
  if (!lists) throw new RunStopped(`the scope maps ${listColumns(rc.mapping).map((c) => c.column).join(', ')} to lists, and this destination keeps no contact lists: map the column to a multi-select contact field instead`);
  const wanted = await wantedMemberships(deps, rc, opts);
  const perCall = membersPerCall(deps.kb);
  const settled = wanted.size ? await settleLists(deps, rc, lists, wanted) : new Map<string, Settled>();
  const earlier = await ledgeredMembers(deps, runId);
  const tally = { wanted: 0, added: 0, already: 0, refused: 0 };
  let seq = await topLedgerSeq(deps.db, runId);

  for (const [folded, w] of wanted) {
    const list = settled.get(folded)!;
    const members = [...w.members.values()];
    const added = earlier.get(list.id) ?? new Set<string>();
    const present = list.ours ? added : new Set((await lists.members(list.id)) ?? []);
    const missing = members.filter((m) => !present.has(m.contactId));
    tally.wanted += members.length;
    for (const m of members) if (present.has(m.contactId)) tally[added.has(m.contactId) ? 'added' : 'already']++;
    for (let i = 0; i < missing.length; i += perCall) {
      const batch = missing.slice(i, i + perCall);
      const refused = new Map((await lists.add(list.id, batch.map((m) => m.contactId))).map((r) => [r.contactId, r.message]));
      const batchKey = await contentHash([runId, MEMBER_OBJECT, list.id, i / perCall]);
      const now = deps.now();
      const statements = [];
      for (const m of batch.filter((x) => !refused.has(x.contactId))) {
        const sourceKey = memberKey(m.contactKey, folded);
        statements.push(
          db
            .insert(runLedger)
            .values({ runId, seq: ++seq, object: MEMBER_OBJECT, entity: MEMBER_ENTITY, sourceKey, destinationId: memberId(list.id, m.contactId), op: 'created', before: null, hash: await contentHash([folded, m.contactKey]), batchKey, writtenAt: now })
            .onConflictDoNothing(),
        );
      }
      if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
      tally.added += statements.length;
      tally.refused += refused.size;
      if (refused.size) await warnRefused(deps, rc, batch.filter((m) => refused.has(m.contactId)).map((member) => ({ member, list: list.name, message: refused.get(member.contactId)! })));
      rc.ctx.signal.throwIfAborted();
    }
  }
  const done: ListsDone = { lists: [...settled.values()].map((l) => ({ id: l.id, name: l.name, created: l.created })), members: tally };
  await db.batch([writeCheckpoint(db, runId, LISTS_CHECKPOINT, done, deps.now())]);
}
