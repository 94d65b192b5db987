import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { runLedger, runRows, runs } from '../../../db/schema/index.ts';
import { contentHash } from '../../scoping/mapping/hash.ts';
import { isActivityEntity, isCatalogueEntity, isPlainCreateEntity, type DestinationEntity, type DestinationRecord, type DestinationSession, type LoadBatch, type LoadRecord, type WriteOutcome } from '../protocol.ts';
import { recordFingerprint, SAME_ROW_KEY, withWarnings, type RowWarning, type StagedRecord } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import { loadCustomModules } from './custom-module-load.ts';
import { loadDocuments } from './documents.ts';
import { loadLists } from './lists.ts';
import { keepInInventory } from './inventory.ts';
import { FALLBACK_OWNER } from './owners.ts';
import type { PlanObject } from './plan.ts';
import { prepareCatalogue } from './products-load.ts';
import { destinationIdsFor, linkId, linksOf, sourceKeysFor, type Link } from './resolve-refs.ts';
import type { RunContext } from './run-context.ts';
import { lastWrites } from './last-writes.ts';
import { readCheckpoint, setPhaseProgress, writeCheckpoint } from './run-store.ts';
import { snapshotIndex, type SnapshotIndex } from './snapshot.ts';
import { pagesOf, rowKey, rowsOf, type StagedRow } from './staging.ts';
import { retryWithoutRefused } from './unique-values.ts';

/** Where a link's destination id goes in the Freshsales record. */
function attach(data: Record<string, unknown>, field: string, id: string) {
  const numeric = /^\d+$/.test(id) ? Number(id) : id;
  if (field === 'sales_accounts') {
    const list = (data.sales_accounts as { id: unknown; is_primary: boolean }[] | undefined) ?? [];
    if (!list.some((a) => a.id === numeric)) data.sales_accounts = [...list, { id: numeric, is_primary: false }];
  } else if (/(_ids|_list)$/.test(field)) data[field] = [...new Set([...((data[field] as unknown[]) ?? []), numeric])];
  else data[field] = numeric;
}

/**
 * A contact's account list has exactly one primary: the account its single account link names (which then need not
 * be sent apart), else the first listed.
 */
function settleAccounts(data: Record<string, unknown>) {
  const list = data.sales_accounts as { id: unknown; is_primary: boolean }[] | undefined;
  if (!list?.length) return;
  const primary = data.sales_account_id ?? list[0]!.id;
  data.sales_accounts = [{ id: primary, is_primary: true }, ...list.filter((a) => a.id !== primary).map((a) => ({ id: a.id, is_primary: false }))];
  delete data.sales_account_id;
}

/** How an activity names the record it hangs off. */
const TARGETABLE_TYPE: Partial<Record<DestinationEntity, string>> = { contacts: 'Contact', sales_accounts: 'SalesAccount', deals: 'Deal' };

export interface Prepared {
  row: StagedRow;
  record?: LoadRecord;
  /** The kind the record is written as (an activity routed by type may differ from its object's). */
  entity?: DestinationEntity;
  /** Activities: the record as it was before this write (updates), null for a create; core records look it up in the snapshot. */
  before?: DestinationRecord | null;
  /** Skipped: an inventoried row whose note has nothing to hang off (the run's inventory holds it whole). */
  problem?: { status: 'quarantined' | 'conflict' | 'skipped'; reason: string; detail?: string };
  /** What the record is written without (or was changed for): kept on its row once it loads. */
  warnings?: RowWarning[];
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
    const mark = await readCheckpoint<{ seq: number; inFlight?: boolean }>(db, rc.run.id, name);
    let seq = mark?.seq ?? 0;
    // Activities are plain creates: a window whose writes a crash interrupted is written again as a retry, which
    // looks for what the interrupted attempt created before creating (see destinations/freshsales/activity-writes.ts).
    let interrupted = mark?.inFlight === true;
    // Products are plain creates too, found again by SKU or name (see destinations/freshsales/product-catalogue.ts).
    // Leads (Classic) are plain creates too, found again by source id or email (see destinations/freshsales/lead-writes.ts).
    const activity = isActivityEntity(p.entity!) || p.entity === 'products' || isPlainCreateEntity(p.entity!);
    for (;;) {
      const window = await rowsOf(db, rc.run.id, p.object, 'ready', tuning.loadBatch * tuning.loadConcurrency);
      if (window.length === 0) break;
      const prepared = await prepare(deps, rc, p, window, opts, index, session);
      const writable = prepared.filter((x) => x.record);
      const batches: LoadBatch[] = [];
      const before = seq;
      for (const entity of new Set(writable.map((x) => x.entity!))) {
        const mine = writable.filter((x) => x.entity === entity);
        for (let i = 0; i < mine.length; i += tuning.loadBatch) {
          seq++;
          batches.push({ key: await contentHash([rc.run.id, p.object, seq]), entity, records: mine.slice(i, i + tuning.loadBatch).map((x) => x.record!) });
        }
      }
      if (activity && batches.length) await db.batch([writeCheckpoint(db, rc.run.id, name, { seq: before, inFlight: true }, deps.now())]);
      const results = await Promise.all(batches.map((b) => session.write(interrupted ? { ...b, retried: true } : b)));
      await retryWithoutRefused(rc, session, batches, results, prepared);
      interrupted = false;
      await commit(deps, rc, p, prepared, batches, results, index, seq);
      progress.done += window.length;
      await setPhaseProgress(db, rc.run.id, progress, deps.now());
      rc.ctx.signal.throwIfAborted();
    }
    if (!activity && selfLinked(rc, p)) seq = await linkWithinObject(deps, rc, p, session, opts, index, seq);
  }
  // Lists once their contacts exist, then custom-module records; files last: they hang off the records loaded above.
  await loadLists(deps, rc, session, opts);
  await loadCustomModules(deps, rc, session, opts);
  await loadDocuments(deps, rc, session, opts);
}

/** Whether a relationship links rows of this object to other rows of it (an account's parent account). */
const selfLinked = (rc: RunContext, p: PlanObject) => rc.mapping.relationships.some((r) => r.from.row === p.object && r.to.row === p.object);

/**
 * The second pass over an object linked to itself: once every row has its Freshsales id, each loaded record that names
 * one of them (its parent) is written again with the link. A parent that never loaded leaves the record as loaded
 * without it — quarantining the child would also strand everything linked to it — with a warning on its row.
 */
async function linkWithinObject(deps: RunnerDeps, rc: RunContext, p: PlanObject, session: DestinationSession, opts: LoadOptions, index: SnapshotIndex, seq: number): Promise<number> {
  const { db, tuning } = deps;
  for await (const page of pagesOf(db, rc.run.id, p.object, 'loaded', tuning.loadBatch * tuning.loadConcurrency)) {
    const linked = page.filter((row) => (JSON.parse(row.data!) as StagedRecord).refs.some((r) => r.toObject === p.object));
    if (linked.length === 0) continue;
    const prepared = await prepare(deps, rc, p, linked, opts, index, session, 'second');
    const notes = prepared.filter((x) => !x.record && x.warnings?.length).map((x) => db.update(runRows).set(withWarnings(x.row.data!, x.warnings!)).where(rowKey(x.row)));
    const writable = prepared.filter((x) => x.record);
    const batches: LoadBatch[] = [];
    for (let i = 0; i < writable.length; i += tuning.loadBatch) {
      seq++;
      batches.push({ key: await contentHash([rc.run.id, p.object, seq]), entity: p.entity!, records: writable.slice(i, i + tuning.loadBatch).map((x) => x.record!) });
    }
    const results = await Promise.all(batches.map((b) => session.write(b)));
    if (notes.length) await db.batch(notes as [(typeof notes)[number], ...typeof notes]);
    await commit(deps, rc, p, writable, batches, results, index, seq, 'second');
    rc.ctx.signal.throwIfAborted();
  }
  return seq;
}

async function countRows(deps: RunnerDeps, runId: string, statuses: ('ready' | 'loaded')[]) {
  const [row] = await deps.db.select({ n: sql<number>`count(*)` }).from(runRows).where(and(eq(runRows.runId, runId), inArray(runRows.status, statuses)));
  return row?.n ?? 0;
}

/** The first pass writes records without links to their own object; the second writes them again with those links. */
type Pass = 'first' | 'second';

/** Builds each row's record: links resolved to destination ids, owner resolved; a delta leaves records edited in Freshsales alone. */
async function prepare(deps: RunnerDeps, rc: RunContext, p: PlanObject, window: StagedRow[], opts: LoadOptions, index: SnapshotIndex, session: DestinationSession, pass: Pass = 'first'): Promise<Prepared[]> {
  if (isActivityEntity(p.entity!)) return keepInInventory(deps, rc, p, await prepareActivities(deps, rc, p, window, opts, session));
  if (isCatalogueEntity(p.entity!)) return prepareCatalogue(deps, rc, p, window, opts, session);
  const staged = window.map((row) => ({ row, rec: JSON.parse(row.data!) as StagedRecord }));
  const { links, keys, idOf } = await resolveLinks(deps, rc, p, staged, opts);
  const parentWrites = rc.run.mode === 'delta' ? await lastWrites(deps, opts.chain.slice(1), p.object, staged.map((s) => s.row.sourceKey!)) : new Map();

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
    const warnings: RowWarning[] = [];
    let relinked = false;
    for (const l of links.get(row)!) {
      // Links to rows of the same object (parent accounts) wait for the second pass, when every row has its id.
      if (pass === 'first' && l.toObject === p.object) continue;
      const id = idOf(l);
      if (id) attach(data, l.field, id);
      relinked ||= !!id && l.toObject === p.object;
      // The other record of a shared source row may rightly not exist (a Promio customer who is a person has no
      // account); that row's own status says why, so this record loads without the link. The first pass already
      // warned of other links the second pass cannot make either.
      if (id || (l.column === SAME_ROW_KEY && !keys.has(linkId(l))) || (pass === 'second' && l.toObject !== p.object)) continue;
      // A contact, account or deal is whole without the record it links to: it loads without the link, and says so.
      warnings.push(linkWarning(l, keys.has(linkId(l))));
    }
    const noted = warnings.length ? { warnings } : {};
    // The second pass writes a record again only to add a link it found.
    if (pass === 'second' && !relinked) return { row, ...noted };
    settleAccounts(data);
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
    // A record with no upsert that the account already holds (before the run, or made by a sample it adopts) is updated by its id.
    const existing = isPlainCreateEntity(p.entity!) ? index.existing(rec.identifier) : null;
    return { row, entity: p.entity!, record: { sourceKey: row.sourceKey!, identifier: rec.identifier, data, ...(existing ? { update: String(existing.id) } : {}) }, ...noted };
  });
}

/** Destination ids of the rows links point at: by object, then source key. */
async function resolveLinks(deps: RunnerDeps, rc: RunContext, p: PlanObject, staged: { row: StagedRow; rec: StagedRecord }[], opts: LoadOptions) {
  const hasDerived = rc.plan.some((x) => x.derivedFrom === p.object);
  const links = new Map(staged.map((s) => [s.row, linksOf(s.rec, p.object, rc.mapping, hasDerived)]));
  const all = [...links.values()].flat();
  const keys = await sourceKeysFor(deps.db, rc.run.id, all);
  const ids = new Map<string, Map<string, string>>();
  for (const toObject of new Set(all.map((l) => l.toObject))) {
    const wanted = all.filter((l) => l.toObject === toObject).map((l) => keys.get(linkId(l))).filter((k): k is string => !!k);
    ids.set(toObject, await destinationIdsFor(deps.db, opts.chain, toObject, wanted));
  }
  const idOf = (l: Link) => {
    const key = keys.get(linkId(l));
    return key ? ids.get(l.toObject)?.get(key) : undefined;
  };
  return { links, keys, idOf };
}

/**
 * Activities: the first targetable relationship that resolves names the record the activity hangs off (its kind sets
 * targetable_type); a task without an owner goes to the fallback owner. A row an earlier run wrote is updated in place
 * — adopted from a sample by a full run, or updated by a delta unless it was edited in Freshsales since.
 */
async function prepareActivities(deps: RunnerDeps, rc: RunContext, p: PlanObject, window: StagedRow[], opts: LoadOptions, session: DestinationSession): Promise<Prepared[]> {
  const staged = window.map((row) => ({ row, rec: JSON.parse(row.data!) as StagedRecord }));
  const { links, keys, idOf } = await resolveLinks(deps, rc, p, staged, opts);
  const priors = await earlierActivities(deps, rc, p.object, staged.map((s) => s.row.sourceKey!), opts, session);
  const entityOf = (object: string) => rc.plan.find((x) => x.object === object)?.entity;

  return staged.map(({ row, rec }): Prepared => {
    const entity = rec.entity ?? p.entity!;
    const data: Record<string, unknown> = structuredClone(rec.data);
    const quarantine = (reason: string, detail?: string): Prepared => ({ row, problem: { status: 'quarantined', reason, ...(detail ? { detail } : {}) } });
    const conflict = (reason: string): Prepared => ({ row, problem: { status: 'conflict', reason } });
    const mine = links.get(row)!;
    const targets = mine.filter((l) => l.field === 'targetable_id');
    for (const l of mine.filter((x) => x.field !== 'targetable_id')) {
      const id = idOf(l);
      if (!id) return quarantine(unresolved(l, keys.has(linkId(l))), l.fromColumn ?? l.column);
      attach(data, l.field, id);
    }
    const hit = targets.map((l) => ({ l, id: idOf(l), type: TARGETABLE_TYPE[entityOf(l.toObject)!] })).find((x) => x.id && x.type);
    if (!hit) {
      const first = targets[0];
      if (!first) return quarantine(`a ${entity} record must hang off a contact, account or deal, and no relationship of ${p.object} names one for this row`);
      const among = [...new Set(targets.map((l) => l.toObject))].join(', ');
      return quarantine(`column ${first.fromColumn ?? first.column}: "${first.value}" names no loaded ${among} to hang this ${entity} record off (not in the export, quarantined, or outside this run)`, first.fromColumn ?? first.column);
    }
    data.targetable_type = hit.type;
    data.targetable_id = /^\d+$/.test(hit.id!) ? Number(hit.id) : hit.id;
    if (rec.owner) {
      const owner = opts.owners[rec.owner.trim().toLowerCase()];
      if (owner !== undefined) data.owner_id = owner;
    }
    if (entity === 'tasks' && data.owner_id === undefined) {
      const fallback = opts.owners[FALLBACK_OWNER];
      if (fallback === undefined) return quarantine('a Freshsales task needs an owner: the row names none and the scope has no fallback owner who is a Freshsales user');
      data.owner_id = fallback;
    }
    const record: LoadRecord = { sourceKey: row.sourceKey!, identifier: rec.identifier, data, ...(rec.marker !== undefined ? { marker: rec.marker } : {}) };
    const prior = priors.get(row.sourceKey!);
    if (!prior) return { row, entity, before: null, record };
    if (prior.entity !== entity) return conflict(`Ferry wrote this row as ${prior.entity} (id ${prior.destinationId}) before and it is ${entity} now; Ferry does not move a record between kinds, so it is left for a person to decide`);
    if (prior.adopt) return { row, entity, before: null, record: { ...record, update: prior.destinationId } };
    if (!prior.current) return conflict(`the ${entity} record ${prior.destinationId} Ferry wrote for this row is no longer in Freshsales; left for a person to decide`);
    if (prior.edited) return conflict(`edited in Freshsales after go-live (updated ${String(prior.current.updated_at)}, Ferry last wrote it at ${prior.settledAt}); left as it is for a person to decide`);
    return { row, entity, before: prior.current, record: { ...record, update: prior.destinationId } };
  });
}

interface EarlierActivity {
  destinationId: string;
  entity: DestinationEntity;
  /** A full run adopts what a sample of its scope created (still its creation, so rollback deletes it). */
  adopt: boolean;
  current: DestinationRecord | null;
  settledAt: string | null;
  edited: boolean;
}

/** What earlier runs wrote for these activity rows: a delta's parents (read back now, to spot edits), or a full run's samples. */
async function earlierActivities(deps: RunnerDeps, rc: RunContext, object: string, sourceKeys: string[], opts: LoadOptions, session: DestinationSession): Promise<Map<string, EarlierActivity>> {
  const out = new Map<string, EarlierActivity>();
  const { db } = deps;
  if (rc.run.mode === 'full') {
    const samples = await db.select({ id: runs.id }).from(runs).where(and(eq(runs.scopeId, rc.run.scopeId), eq(runs.mode, 'sample')));
    if (samples.length === 0) return out;
    const rows = await db
      .select()
      .from(runLedger)
      .where(and(inArray(runLedger.runId, samples.map((x) => x.id)), eq(runLedger.object, object), eq(runLedger.op, 'created'), isNull(runLedger.undo), inArray(runLedger.sourceKey, sourceKeys)));
    for (const r of rows) out.set(r.sourceKey, { destinationId: r.destinationId, entity: r.entity as DestinationEntity, adopt: true, current: null, settledAt: null, edited: false });
    return out;
  }
  if (rc.run.mode !== 'delta') return out;
  const parents = opts.chain.slice(1);
  if (parents.length === 0) return out;
  const rows = await db.select().from(runLedger).where(and(inArray(runLedger.runId, parents), eq(runLedger.object, object), inArray(runLedger.sourceKey, sourceKeys)));
  // Newest run in the chain wins: the chain is newest first.
  rows.sort((a, b) => parents.indexOf(b.runId) - parents.indexOf(a.runId));
  const latest = new Map(rows.map((r) => [r.sourceKey, r]));
  for (const entity of new Set([...latest.values()].map((r) => r.entity as DestinationEntity))) {
    const mine = [...latest.values()].filter((r) => r.entity === entity);
    const current = await session.fetch(entity, mine.map((r) => r.destinationId));
    for (const r of mine) {
      const now = current.get(r.destinationId) ?? null;
      const edited = !!now && !!r.settledAt && (String(now.updated_at ?? '') !== r.settledAt || (!!r.settledFingerprint && (await recordFingerprint(now)) !== r.settledFingerprint));
      out.set(r.sourceKey, { destinationId: r.destinationId, entity, adopt: false, current: now, settledAt: r.settledAt, edited });
    }
  }
  return out;
}

const unresolved = (l: Link, staged: boolean) =>
  staged
    ? `links to ${l.toObject} with ${l.column} "${l.value}", which was not loaded (quarantined or outside this run)`
    : `links to ${l.toObject} with ${l.column} "${l.value}", but no ${l.toObject} row has that value`;

/** A link a record loads without: the record it names is not in the export, or was not loaded. */
const linkWarning = (l: Link, staged: boolean): RowWarning => {
  const column = l.fromColumn ?? l.column;
  const why = staged
    ? `the ${l.toObject} with ${l.column} "${l.value}" was not loaded (see its row in the quarantine list, or it was outside this run)`
    : `no ${l.toObject} row in the export has ${l.column} "${l.value}"`;
  return { column, value: l.value, message: `column ${column}: ${why}, so this record was loaded without that link; link it in Freshsales once that record exists there` };
};

async function commit(
  deps: RunnerDeps,
  rc: RunContext,
  p: PlanObject,
  prepared: Prepared[],
  batches: LoadBatch[],
  results: WriteOutcome[][],
  index: SnapshotIndex,
  seq: number,
  pass: Pass = 'first',
) {
  const { db } = deps;
  const now = deps.now();
  const statements = [];
  const rowBy = new Map(prepared.map((x) => [x.row.sourceKey!, x.row]));
  const preparedBy = new Map(prepared.map((x) => [x.row.sourceKey!, x]));
  for (const x of prepared.filter((y) => y.problem)) {
    statements.push(db.update(runRows).set({ status: x.problem!.status, reason: x.problem!.reason, detail: x.problem!.detail ?? null }).where(rowKey(x.row)));
  }
  let n = 0;
  batches.forEach((batch, b) => {
    const firstSeq = seq - batches.length + b + 1;
    for (const outcome of results[b]!) {
      const row = rowBy.get(outcome.sourceKey)!;
      if (outcome.status === 'failed') {
        // A refused second write leaves the record the first pass loaded, without its link: a warning on the row says so.
        if (pass === 'second') {
          const refused = { column: null, value: null, message: `Freshsales refused its link to another ${p.object} record (${outcome.error.message}), so it stays loaded without that link; set the link in Freshsales` };
          statements.push(db.update(runRows).set(withWarnings(row.data!, [...(preparedBy.get(outcome.sourceKey)!.warnings ?? []), refused])).where(rowKey(row)));
        } else statements.push(db.update(runRows).set({ status: 'quarantined', reason: `Freshsales refused it: ${outcome.error.message}`, detail: outcome.error.code }).where(rowKey(row)));
        continue;
      }
      const record = batch.records.find((r) => r.sourceKey === outcome.sourceKey)!;
      const own = preparedBy.get(outcome.sourceKey)!.before;
      const before = own !== undefined ? own : index.before(record.identifier);
      const entry = {
        runId: rc.run.id,
        seq: firstSeq * 1000 + n++,
        object: p.object,
        entity: batch.entity,
        sourceKey: outcome.sourceKey,
        destinationId: outcome.destinationId,
        op: before ? ('updated' as const) : ('created' as const),
        before: before ? JSON.stringify(before) : null,
        hash: row.hash!,
        batchKey: batch.key,
        writtenAt: now,
      };
      const warned = preparedBy.get(outcome.sourceKey)!.warnings;
      statements.push(
        db.insert(runLedger).values(entry).onConflictDoUpdate({ target: [runLedger.runId, runLedger.object, runLedger.sourceKey], set: { destinationId: entry.destinationId, hash: entry.hash, batchKey: entry.batchKey, writtenAt: now } }),
        db.update(runRows).set({ status: 'loaded', ...(warned?.length ? { ...withWarnings(row.data!, warned), hash: row.hash } : {}) }).where(rowKey(row)),
      );
    }
  });
  statements.push(writeCheckpoint(db, rc.run.id, `load:${p.object}`, { seq }, now));
  await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}
