import { and, eq, inArray } from 'drizzle-orm';
import { runRows } from '../../../db/schema/index.ts';
import type { Relationship } from '../../scoping/mapping/document.ts';
import { mappedHash, withWarnings, type RowWarning, type StagedRecord } from '../transform/index.ts';
import { LOOKS_UP } from '../transform/links.ts';
import type { RunnerDeps } from './deps.ts';
import { enrichmentsOf, withoutLinkFields, type Enrichment } from './enrich.ts';
import { fillEmpty } from './merge-across.ts';
import { linkId, linksOf, sourceKeysFor, type Link } from './resolve-refs.ts';
import type { RunContext } from './run-context.ts';
import { rowKey, rowsOf, type StagedRow } from './staging.ts';

const BATCH = 500;

/**
 * What a lookup row has been carried onto so far, kept in its `detail` while it waits (ready) so a resumed run counts
 * on: how many records, the first of them, and whether they share its parent rather than name it.
 */
interface Carried {
  onto: number;
  first: string;
  byParent?: true;
}

const carriedOf = (row: StagedRow): Carried | null => (row.detail ? (JSON.parse(row.detail) as Carried) : null);
const record = (row: StagedRow) => JSON.parse(row.data!) as StagedRecord;
const where = (row: StagedRow) => `${row.object} ${row.sourceKey} (${row.file} line ${row.line})`;
const parentId = (object: string, sourceKey: string) => `${object}\u0000${sourceKey}`;

/** Counts one more record a lookup row was carried onto. */
function carry(row: StagedRow, onto: StagedRow, byParent: boolean) {
  const was = carriedOf(row);
  const next: Carried = { onto: (was?.onto ?? 0) + 1, first: was?.first ?? where(onto), ...(byParent || was?.byParent ? { byParent: true as const } : {}) };
  row.detail = JSON.stringify(next);
}

/**
 * Lookups: an object of a Freshsales kind whose pair-card row writes no record of its own, and whose rows records of
 * that kind name (Profi's sessions name their package). Before anything loads, each lookup row's values fill the
 * empty fields of every record naming it — the record's own values stay — and the row is counted merged, saying how
 * many records took it. A record naming a row the export lacks (or that was not loaded) loads without its values,
 * with a warning. A row no record names goes onto the records of its own parent that name no row of the lookup (a
 * package's client's sessions booked without one); with none, it has no record to go on and is quarantined.
 */
export async function foldLookups(deps: RunnerDeps, rc: RunContext): Promise<void> {
  for (const e of enrichmentsOf(rc).filter((x) => x.namedBy.length)) {
    await carryNamed(deps, rc, e);
    await carryByParent(deps, rc, e);
    await settleNamed(deps, rc, e);
  }
}

/** The objects whose records name the lookup, once each. */
const namers = (e: Enrichment) => [...new Set(e.namedBy.map((r) => r.from.row))];

/** The ready rows of the lookup with these source keys, by source key (the first in file order when two share one). */
async function lookupRows(deps: RunnerDeps, rc: RunContext, e: Enrichment, sourceKeys: string[]): Promise<Map<string, StagedRow>> {
  if (sourceKeys.length === 0) return new Map();
  const rows = await deps.db
    .select()
    .from(runRows)
    .where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, e.object), eq(runRows.status, 'ready'), inArray(runRows.sourceKey, [...new Set(sourceKeys)])))
    .orderBy(runRows.file, runRows.line);
  const out = new Map<string, StagedRow>();
  for (const r of rows) if (!out.has(r.sourceKey!)) out.set(r.sourceKey!, r);
  return out;
}

/** Saves folded records and the lookup rows' counts in one batch, so a crash never counts a fold twice or loses one. */
async function save(deps: RunnerDeps, folded: { row: StagedRow; rec: StagedRecord; warnings: RowWarning[] }[], carried: Iterable<StagedRow>) {
  const { db } = deps;
  const statements = [];
  for (const { row, rec, warnings } of folded) {
    const hash = await mappedHash(rec.data);
    statements.push(db.update(runRows).set(warnings.length ? { ...withWarnings(JSON.stringify(rec), warnings), hash } : { data: JSON.stringify(rec), hash }).where(rowKey(row)));
  }
  for (const row of carried) statements.push(db.update(runRows).set({ detail: row.detail }).where(rowKey(row)));
  if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}

/**
 * First pass: every record naming a lookup row takes its values, and gives up the ref (it is not a link to write).
 * A record naming a row that is not there keeps its own values only, and says so.
 */
async function carryNamed(deps: RunnerDeps, rc: RunContext, e: Enrichment) {
  const { db } = deps;
  const named = (r: StagedRecord['refs'][number]) => r.field === LOOKS_UP && r.toObject === e.object;
  for (const object of namers(e)) {
    for (let after: { file: string; line: number } | undefined; ; ) {
      const page = await rowsOf(db, rc.run.id, object, 'ready', BATCH, after);
      const last = page[page.length - 1];
      if (!last) break;
      after = { file: last.file, line: last.line };
      // A resumed run finds the records folded already without their refs: they are skipped.
      const staged = page.map((row) => ({ row, rec: record(row) })).filter((s) => s.rec.refs.some(named));
      const links = new Map(staged.map((s) => [s.row, linksOf(s.rec, object, rc.mapping, false).filter((l) => l.field === LOOKS_UP && l.toObject === e.object)]));
      const keys = await sourceKeysFor(db, rc.run.id, [...links.values()].flat());
      const rows = await lookupRows(deps, rc, e, [...keys.values()]);
      const carried = new Set<StagedRow>();
      const folded = staged.map(({ row, rec }) => {
        const warnings: RowWarning[] = [];
        for (const l of links.get(row)!) {
          const hit = rows.get(keys.get(linkId(l)) ?? '');
          if (!hit) {
            warnings.push(missing(e, l, keys.has(linkId(l))));
            continue;
          }
          fillEmpty(rec, withoutLinkFields(record(hit), e));
          carry(hit, row, false);
          carried.add(hit);
        }
        rec.refs = rec.refs.filter((r) => !named(r));
        return { row, rec, warnings };
      });
      await save(deps, folded, carried);
      rc.ctx.signal.throwIfAborted();
    }
  }
}

/** Why a record loads without the values of the lookup row it names. */
function missing(e: Enrichment, l: Link, staged: boolean): RowWarning {
  const column = l.fromColumn ?? l.column;
  const [why, fix] = staged
    ? [`the ${e.object} with ${l.column} "${l.value}" was not loaded (see its row in the quarantine list)`, `correct that row`]
    : [`no ${e.object} row in the export has ${l.column} "${l.value}"`, `add that ${e.object} to the export (or correct the column)`];
  return { column, value: l.value, message: `column ${column}: ${why}, so this record was loaded without that ${e.object}'s values; ${fix} and load it with a delta run` };
}

/** A parent the lookup and the records naming it both link to (a package's client, whom each session is for). */
interface SharedParent {
  object: string;
  /** The lookup's relationship to it. */
  own: Relationship;
  /** The namer's relationship to it. */
  namer: Relationship;
}

function sharedParents(rc: RunContext, e: Enrichment): SharedParent[] {
  const rels = rc.mapping.relationships.filter((r) => r.via);
  return rels
    .filter((r) => r.from.row === e.object && r.to.row !== e.object)
    .flatMap((own) => namers(e).flatMap((n) => rels.filter((r) => r.from.row === n && r.to.row === own.to.row).map((namer) => ({ object: own.to.row, own, namer }))));
}

/**
 * Fields only the lookup fills (none of the objects naming it map them): a record holding one of them has taken a
 * lookup row already, so a row nothing names is not carried onto it as well.
 */
function ownFields(rc: RunContext, e: Enrichment): Set<string> {
  const targets = (row: string) =>
    (rc.mapping.objects.find((o) => o.row === row)?.fields ?? []).flatMap((f) => (f.target.kind === 'standard' ? [f.target.field] : f.target.kind === 'custom' ? [f.target.name] : []));
  const theirs = new Set(namers(e).flatMap(targets));
  const links = new Set([...e.linkFields.standard, ...e.linkFields.custom]);
  return new Set(targets(e.object).filter((f) => !theirs.has(f) && !links.has(f)));
}

/** Whether a record has taken no lookup row: it holds none of the lookup's own fields and named none it could not find. */
function free(rec: StagedRecord, own: ReadonlySet<string>, namingColumns: ReadonlySet<string | null>): boolean {
  const custom = (rec.data.custom_field ?? {}) as Record<string, unknown>;
  if ([...own].some((f) => rec.data[f] !== undefined || custom[f] !== undefined)) return false;
  return !(rec.warnings ?? []).some((w) => namingColumns.has(w.column));
}

/**
 * Second pass, the pair card's fallback for rows no record names: such a row goes onto the records of its own parent
 * that name that parent alone and have taken no row of the lookup (a client's sessions booked without a package). The
 * first such row of a parent takes them; a row left with none is quarantined, saying what would place it.
 */
async function carryByParent(deps: RunnerDeps, rc: RunContext, e: Enrichment) {
  const { db } = deps;
  const own = ownFields(rc, e);
  // With no field only the lookup fills, nothing tells a record that took a row from one that did not.
  const shared = own.size ? sharedParents(rc, e) : [];
  const namingColumns = new Set(e.namedBy.map((r) => r.from.column));
  for (let after: { file: string; line: number } | undefined; ; ) {
    const page = await rowsOf(db, rc.run.id, e.object, 'ready', BATCH, after);
    const last = page[page.length - 1];
    if (!last) break;
    after = { file: last.file, line: last.line };
    // Rows carried by name are settled later; rows carried by parent before a crash are looked at again (they keep their count).
    const waiting = page.filter((row) => !carriedOf(row) || carriedOf(row)!.byParent);
    if (waiting.length === 0) continue;
    const parentOf = new Map<StagedRow, { object: string; sourceKey: string }>();
    for (const s of shared) {
      const links = new Map(waiting.map((row) => [row, linksOf(record(row), e.object, rc.mapping, false).filter((l) => l.toObject === s.object && l.fromColumn === s.own.from.column)]));
      const keys = await sourceKeysFor(db, rc.run.id, [...links.values()].flat());
      for (const [row, ls] of links) {
        const key = ls.map((l) => keys.get(linkId(l))).find((k) => k !== undefined);
        if (key !== undefined && !parentOf.has(row)) parentOf.set(row, { object: s.object, sourceKey: key });
      }
    }
    // The first waiting row of each parent, in file order, takes that parent's free records.
    const takerOf = new Map<string, StagedRow>();
    for (const row of waiting) {
      const p = parentOf.get(row);
      if (p && !takerOf.has(parentId(p.object, p.sourceKey))) takerOf.set(parentId(p.object, p.sourceKey), row);
    }
    // Takers are rows of `waiting`: their counts move in place.
    const alone = takerOf.size ? await carryOntoFree(deps, rc, e, shared, own, namingColumns, takerOf) : new Set<string>();
    await settleWaiting(deps, e, waiting, parentOf, shared, alone);
    rc.ctx.signal.throwIfAborted();
  }
}

/**
 * Scans the records that could take a row by parent and folds each free one naming a waiting row's parent alone.
 * Returns the parents some record names alone, free or not (for the reason of a row left without one).
 */
async function carryOntoFree(
  deps: RunnerDeps,
  rc: RunContext,
  e: Enrichment,
  shared: SharedParent[],
  own: ReadonlySet<string>,
  namingColumns: ReadonlySet<string | null>,
  takerOf: Map<string, StagedRow>,
): Promise<Set<string>> {
  const { db } = deps;
  const alone = new Set<string>();
  for (const object of [...new Set(shared.map((s) => s.namer.from.row))]) {
    const mine = shared.filter((s) => s.namer.from.row === object);
    for (let after: { file: string; line: number } | undefined; ; ) {
      const page = await rowsOf(db, rc.run.id, object, 'ready', BATCH, after);
      const last = page[page.length - 1];
      if (!last) break;
      after = { file: last.file, line: last.line };
      const staged = page.map((row) => ({ row, rec: record(row) }));
      const links = new Map(staged.map((s) => [s.row, linksOf(s.rec, object, rc.mapping, false).filter((l) => mine.some((m) => m.object === l.toObject && m.namer.from.column === l.fromColumn))]));
      const keys = await sourceKeysFor(db, rc.run.id, [...links.values()].flat());
      const carried = new Set<StagedRow>();
      const folded = [];
      for (const { row, rec } of staged) {
        // A record for several (a group session), or also for someone the export lacks, is no one's alone.
        const parents = new Set(links.get(row)!.map((l) => (keys.has(linkId(l)) ? parentId(l.toObject, keys.get(linkId(l))!) : linkId(l))));
        const only = parents.size === 1 ? [...parents][0]! : undefined;
        if (only === undefined || !takerOf.has(only)) continue;
        alone.add(only);
        if (!free(rec, own, namingColumns)) continue;
        const taker = takerOf.get(only)!;
        fillEmpty(rec, withoutLinkFields(record(taker), e));
        carry(taker, row, true);
        carried.add(taker);
        folded.push({ row, rec, warnings: [] });
      }
      await save(deps, folded, carried);
      rc.ctx.signal.throwIfAborted();
    }
  }
  return alone;
}

/** Rows that waited for the fallback: merged when they went onto some record, else quarantined with what to do. */
async function settleWaiting(
  deps: RunnerDeps,
  e: Enrichment,
  waiting: StagedRow[],
  parentOf: Map<StagedRow, { object: string; sourceKey: string }>,
  shared: SharedParent[],
  alone: ReadonlySet<string>,
) {
  const { db } = deps;
  const namer = e.namedBy[0]!.from.row;
  const statements = waiting.map((row) => {
    const carried = carriedOf(row);
    const parent = parentOf.get(row);
    if (!carried) return db.update(runRows).set({ status: 'quarantined', reason: unplaced(e, row, parent, shared, alone), detail: null }).where(rowKey(row));
    const records = carried.onto === 1 ? `the ${namer} record` : `the ${carried.onto} ${namer} records`;
    const of = parent ? ` for ${parent.object} ${parent.sourceKey} alone` : '';
    return db
      .update(runRows)
      .set({
        status: 'merged',
        reason: `no ${namer} row names it, so it was carried onto ${records}${of} that name no ${e.object} of their own (${carried.onto === 1 ? '' : 'the first: '}${carried.first}); the pair card writes no record of its own for ${e.object}, so its values fill their empty fields`,
        detail: null,
      })
      .where(rowKey(row));
  });
  if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}

/** Why a lookup row no record names went nowhere, and what would place it. */
function unplaced(e: Enrichment, row: StagedRow, parent: { object: string; sourceKey: string } | undefined, shared: SharedParent[], alone: ReadonlySet<string>): string {
  const naming = e.namedBy[0]!;
  const raw = JSON.parse(row.raw) as Record<string, unknown>;
  const value = naming.to.column ? String(raw[naming.to.column] ?? '').trim() : '';
  const named = `no ${naming.from.row} row names it${value ? ` (none has ${naming.to.column} "${value}" in column ${naming.from.column})` : ''}`;
  const fallback = !shared.length
    ? ''
    : !parent
      ? `, and it names no ${shared.map((s) => s.object).join(' or ')} whose ${naming.from.row} rows could take it instead`
      : alone.has(parentId(parent.object, parent.sourceKey))
        ? `, and every ${naming.from.row} for ${parent.object} ${parent.sourceKey} alone already carries a ${e.object}`
        : `, and no ${naming.from.row} is for ${parent.object} ${parent.sourceKey} alone to take it instead`;
  const fix = value ? `put "${value}" in the ${naming.from.column} column of the ${naming.from.row} rows it belongs to` : `give it a ${naming.to.column ?? 'key'} and name it from the ${naming.from.row} rows it belongs to`;
  return `the pair card writes no record of its own for ${e.object}: its values go onto the ${e.entity} that name it, and ${named}${fallback}; ${fix}, then load it with a delta run`;
}

/** Last pass: rows carried by name are merged, saying how many records took their values. */
async function settleNamed(deps: RunnerDeps, rc: RunContext, e: Enrichment) {
  const { db } = deps;
  for (;;) {
    // Settled rows leave 'ready', so each query starts again from what is left.
    const page = await rowsOf(db, rc.run.id, e.object, 'ready', BATCH);
    if (page.length === 0) return;
    const statements = page.map((row) => {
      const carried = carriedOf(row);
      // Every row has been counted or settled by now; a row that was not must never stay ready.
      if (!carried) return db.update(runRows).set({ status: 'quarantined', reason: `the pair card writes no record of its own for ${e.object}, and no record took this row's values`, detail: null }).where(rowKey(row));
      const rows = `${carried.onto} ${e.namedBy[0]!.from.row} ${carried.onto === 1 ? 'row' : 'rows'}`;
      return db
        .update(runRows)
        .set({ status: 'merged', reason: `carried onto the ${e.entity} of the ${rows} naming it (${carried.onto === 1 ? '' : 'the first: '}${carried.first}): the pair card writes no record of its own for ${e.object}, so its values fill the empty fields of each record naming it`, detail: null })
        .where(rowKey(row));
    });
    await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    rc.ctx.signal.throwIfAborted();
  }
}
