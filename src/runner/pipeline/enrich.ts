import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { runRows } from '../../../db/schema/index.ts';
import { knowledgeBase } from '../../../rules/index.ts';
import type { Relationship } from '../../scoping/mapping/document.ts';
import { isActivityEntity, type DestinationDescription, type DestinationEntity } from '../protocol.ts';
import { TEXT_LIMITS } from '../transform/coerce.ts';
import { mappedHash, type StagedRecord } from '../transform/index.ts';
import { carriedInRun, carriedListField, carriedListLine, customModuleRoute } from './custom-module-kinds.ts';
import type { RunnerDeps } from './deps.ts';
import { fillEmpty } from './merge-across.ts';
import { linkId, linksOf, sourceKeysFor, type Link } from './resolve-refs.ts';
import type { RunContext } from './run-context.ts';
import { rowKey, rowsOf, type StagedRow } from './staging.ts';

/**
 * A mapping object whose pair-card row writes no record of its own (writesTo null) but whose fields belong to a
 * Freshsales kind: Promio's reviews and call log fill custom fields of the contact they name. Its rows are folded
 * into the record of the row they link to (a parent of the same kind) before anything loads — or, when records of
 * its kind name its rows instead (Profi's sessions name their package), into every record naming them: a lookup
 * (enrich-lookup.ts).
 */
export interface Enrichment {
  object: string;
  entity: DestinationEntity;
  /** Relationships from the object to the objects whose records it fills. */
  parents: Relationship[];
  /** Relationships from objects writing records of its kind to it: when there are any, it is a lookup and they decide. */
  namedBy: Relationship[];
  /** Fields its link columns fill: they name the parent, and are not values to carry onto it. */
  linkFields: { standard: Set<string>; custom: Set<string> };
  /** Fields its date and date-time columns fill: a row's newest one dates it, for rows without created/updated columns. */
  dateFields: Set<string>;
  /**
   * Rows the pair card's fallback carries (custom objects below Enterprise), several to a parent: the parent's text
   * area listing each of them, and the label of each field a row carries (see carriedListField).
   */
  list?: { field: string; labels: Map<string, string> };
}

/**
 * The run's enrichment objects, from the pair card (rows writing no record, or carried by their fallback on this run's
 * plan) and the scope's relationships.
 */
export function enrichmentsOf(rc: Pick<RunContext, 'sourcePlatform' | 'destination' | 'plan' | 'mapping'>): Enrichment[] {
  const pair = knowledgeBase.pair(rc.sourcePlatform, rc.destination.kind);
  const carried = (object: string) => {
    const row = pair?.rows.find((r) => r.id === object);
    return !!row && carriedInRun(row, rc.destination.plan);
  };
  return rc.plan.flatMap((p): Enrichment[] => {
    const row = pair?.rows.find((r) => r.id === p.object);
    if (!p.mapping || !p.entity || isActivityEntity(p.entity) || !row || !carried(row.id)) return [];
    const sameKind = (object: string) => rc.plan.some((x) => x.object === object && x.entity === p.entity);
    const parents = rc.mapping.relationships.filter((r) => r.from.row === p.object && r.via && r.to.row !== p.object && sameKind(r.to.row));
    const namedBy = rc.mapping.relationships.filter((r) => r.to.row === p.object && r.via && r.from.row !== p.object && sameKind(r.from.row) && !carried(r.from.row));
    const linkFields = { standard: new Set<string>(), custom: new Set<string>() };
    const dateFields = new Set<string>();
    for (const f of p.mapping.fields) {
      const name = f.target.kind === 'standard' ? f.target.field : f.target.kind === 'custom' ? f.target.name : null;
      if (name === null) continue;
      if (parents.some((r) => r.from.column === f.column)) (f.target.kind === 'standard' ? linkFields.standard : linkFields.custom).add(name);
      else if (['date', 'datetime'].includes(p.profiles[f.column]?.type ?? '')) dateFields.add(name);
    }
    const list = customModuleRoute(row, rc.destination.plan) === 'carried' ? { field: carriedListField(row).name, labels: fieldLabels(p.mapping) } : undefined;
    return [{ object: p.object, entity: p.entity, parents, namedBy, linkFields, dateFields, ...(list ? { list } : {}) }];
  });
}

/** What the account must offer before carried rows fold: the text area that lists them on their parents. */
export function enrichmentProblems(rc: Parameters<typeof enrichmentsOf>[0], destination: DestinationDescription): string[] {
  return enrichmentsOf(rc).flatMap((e) => {
    if (!e.list) return [];
    const field = destination.fields[e.entity]?.find((f) => f.name === e.list!.field);
    if (field?.type === 'textarea') return [];
    const what = field ? `is a ${field.type} field in the destination's ${e.entity}; it must be a text area` : `is missing in the destination's ${e.entity}`;
    return [`custom field ${e.list.field} (text area) ${what}: it lists the ${e.object} records carried onto each record`];
  });
}

/** The run's lookups: enrichment objects whose rows records of their own kind name. */
export const lookupObjects = (rc: Parameters<typeof enrichmentsOf>[0]): Set<string> => new Set(enrichmentsOf(rc).filter((e) => e.namedBy.length).map((e) => e.object));

const BATCH = 500;
/** How a row names its parent in `detail` while it waits to be folded (JSON: a source key may hold any character). */
const parentOf = (object: string, sourceKey: string) => JSON.stringify([object, sourceKey]);

/**
 * Folds every ready row of each enrichment object into its parent's staged record: per field the newest row wins
 * (by its timestamps, else its date fields, else file order), and the parent's own values are never overwritten.
 * Each folded row is marked merged, naming its parent; a row whose parent is not in the export, or was not loaded,
 * is quarantined — it has no record to go on. Lookups are folded by foldLookups instead.
 */
export async function foldEnrichments(deps: RunnerDeps, rc: RunContext): Promise<void> {
  for (const e of enrichmentsOf(rc).filter((x) => !x.namedBy.length)) {
    await resolveParents(deps, rc, e);
    await foldIntoParents(deps, rc, e);
  }
}

/** First pass: each row finds its parent (kept in `detail`) and its recency (kept in `cursor`), or is quarantined. */
async function resolveParents(deps: RunnerDeps, rc: RunContext, e: Enrichment) {
  const { db } = deps;
  const targets = new Set(e.parents.map((r) => r.to.row));
  for (let after: { file: string; line: number } | undefined; ; ) {
    const page = await rowsOf(db, rc.run.id, e.object, 'ready', BATCH, after);
    const last = page[page.length - 1];
    if (!last) break;
    after = { file: last.file, line: last.line };
    // A resumed run finds some rows resolved already: they keep their parent.
    const staged = page.filter((r) => r.detail === null).map((row) => ({ row, rec: JSON.parse(row.data!) as StagedRecord }));
    const links = new Map(staged.map((s) => [s.row, linksOf(s.rec, e.object, rc.mapping, false).filter((l) => targets.has(l.toObject))]));
    const keys = await sourceKeysFor(db, rc.run.id, [...links.values()].flat());
    const ready = await readyRows(deps, rc.run.id, [...links.values()].flat().flatMap((l) => (keys.has(linkId(l)) ? [{ object: l.toObject, sourceKey: keys.get(linkId(l))! }] : [])));
    const statements = [];
    for (const { row, rec } of staged) {
      const mine = links.get(row)!;
      const hit = mine.find((l) => ready.has(parentOf(l.toObject, keys.get(linkId(l)) ?? '')));
      if (hit) {
        const recency = rec.cursor ?? newestDate(rec, e.dateFields);
        statements.push(db.update(runRows).set({ detail: parentOf(hit.toObject, keys.get(linkId(hit))!), cursor: recency ?? null }).where(rowKey(row)));
      } else statements.push(db.update(runRows).set({ status: 'quarantined', ...orphaned(e, mine, keys) }).where(rowKey(row)));
    }
    if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    rc.ctx.signal.throwIfAborted();
  }
}

/**
 * Second pass: rows by parent, newest first, folded into the parent's record one write per parent and page. A parent
 * whose rows run on past a page is folded again from the next: those rows are older, so they only fill what is left.
 */
async function foldIntoParents(deps: RunnerDeps, rc: RunContext, e: Enrichment) {
  for (;;) {
    // Folded rows leave 'ready', so each query starts again from what is left.
    const page = await deps.db
      .select()
      .from(runRows)
      .where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, e.object), eq(runRows.status, 'ready'), isNotNull(runRows.detail)))
      .orderBy(asc(runRows.detail), desc(runRows.cursor), desc(runRows.file), desc(runRows.line))
      .limit(BATCH);
    if (page.length === 0) return;
    const groups = new Map<string, StagedRow[]>();
    for (const row of page) groups.set(row.detail!, [...(groups.get(row.detail!) ?? []), row]);
    for (const rows of groups.values()) await fold(deps, rc, e, rows);
    rc.ctx.signal.throwIfAborted();
  }
}

/** Carries one parent's enrichment rows (newest first) onto its record, and marks them merged into it. */
async function fold(deps: RunnerDeps, rc: RunContext, e: Enrichment, rows: StagedRow[]) {
  const { db } = deps;
  const [object, sourceKey] = JSON.parse(rows[0]!.detail!) as [string, string];
  const [parent] = await db
    .select()
    .from(runRows)
    .where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, object), eq(runRows.sourceKey, sourceKey), eq(runRows.status, 'ready')))
    .limit(1);
  const statements = [];
  if (!parent) {
    // The first pass found the parent ready; nothing in between moves it, but a row must never be left ready here.
    for (const row of rows) statements.push(db.update(runRows).set({ status: 'quarantined', reason: `the ${object} ${sourceKey} this row adds values to was not loaded, so they have no record to go on`, detail: null }).where(rowKey(row)));
  } else {
    const record = JSON.parse(parent.data!) as StagedRecord;
    const at = `${object} ${sourceKey} (${parent.file} line ${parent.line})`;
    const folded: StagedRow[] = [];
    for (const row of rows) {
      const carried = withoutLinkFields(JSON.parse(row.data!) as StagedRecord, e);
      if (e.list && !listOnto(record, e.list, carried)) {
        const reason = `${at} lists its ${e.object} records in ${e.list.field}, which is full (${TEXT_LIMITS.textarea} characters) before this one; move some of its records elsewhere, or shorten their values, then load it with a delta run`;
        statements.push(db.update(runRows).set({ status: 'quarantined', reason, detail: null }).where(rowKey(row)));
        continue;
      }
      fillEmpty(record, carried);
      folded.push(row);
    }
    statements.push(db.update(runRows).set({ data: JSON.stringify(record), hash: await mappedHash(record.data) }).where(rowKey(parent)));
    for (const row of folded)
      statements.push(
        db
          .update(runRows)
          .set({ status: 'merged', reason: mergedReason(e, at), detail: sourceKey })
          .where(rowKey(row)),
      );
  }
  await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}

/** Why a folded row is merged into its parent, and where its values went. */
const mergedReason = (e: Enrichment, at: string) =>
  e.list
    ? `carried onto ${at}: this plan has no custom modules, so the pair card's fallback puts ${e.object} values in that record's custom fields (the newest row's where several share it) and lists the row with all its values in ${e.list.field}`
    : `carried onto ${at}: the pair card writes no record of its own for ${e.object}, so its values fill that record's empty fields, the newest row first`;

/** Adds a carried row's line to its parent's list; false when the list has no room left for it. */
function listOnto(record: StagedRecord, list: NonNullable<Enrichment['list']>, carried: StagedRecord): boolean {
  const custom = (record.data.custom_field ?? {}) as Record<string, unknown>;
  const before = typeof custom[list.field] === 'string' ? (custom[list.field] as string) : '';
  const text = [before, carriedListLine(carried.sourceKey, carried.data, list.labels)].filter(Boolean).join('\n');
  if (text.length > TEXT_LIMITS.textarea) return false;
  record.data.custom_field = { ...custom, [list.field]: text };
  return true;
}

/** Each field a mapping object fills, by its label (custom fields) or its name (standard ones). */
function fieldLabels(mapping: NonNullable<RunContext['plan'][number]['mapping']>): Map<string, string> {
  return new Map(mapping.fields.flatMap((f) => (f.target.kind === 'custom' ? [[f.target.name, f.target.label] as const] : f.target.kind === 'standard' ? [[f.target.field, f.target.field] as const] : [])));
}

/** The record without the values its link columns hold: those name the parent (its id), they are not the parent's to take. */
export function withoutLinkFields(rec: StagedRecord, e: Enrichment): StagedRecord {
  const data = Object.fromEntries(Object.entries(rec.data).filter(([k]) => !e.linkFields.standard.has(k)));
  const custom = Object.fromEntries(Object.entries((rec.data.custom_field ?? {}) as Record<string, unknown>).filter(([k]) => !e.linkFields.custom.has(k)));
  return { ...rec, data: { ...data, custom_field: custom } };
}

/** The newest instant among the record's date fields (as UTC ISO text, which sorts by time), for rows without created/updated columns. */
function newestDate(rec: StagedRecord, dateFields: ReadonlySet<string>): string | undefined {
  const times = [...Object.entries(rec.data), ...Object.entries((rec.data.custom_field ?? {}) as Record<string, unknown>)]
    .filter(([k, v]) => dateFields.has(k) && typeof v === 'string')
    .map(([, v]) => Date.parse(v as string))
    .filter((t) => Number.isFinite(t));
  return times.length ? new Date(Math.max(...times)).toISOString() : undefined;
}

/** Ready rows among (object, source key) pairs, as parentOf keys. */
async function readyRows(deps: RunnerDeps, runId: string, wanted: { object: string; sourceKey: string }[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const object of new Set(wanted.map((w) => w.object))) {
    const keys = [...new Set(wanted.filter((w) => w.object === object).map((w) => w.sourceKey))];
    const rows = await deps.db
      .select({ sourceKey: runRows.sourceKey })
      .from(runRows)
      .where(and(eq(runRows.runId, runId), eq(runRows.object, object), inArray(runRows.sourceKey, keys), eq(runRows.status, 'ready')));
    for (const r of rows) out.add(parentOf(object, r.sourceKey!));
  }
  return out;
}

/** Why a row has no parent to go on: it names none, names one the export lacks, or one that was not loaded. */
function orphaned(e: Enrichment, links: Link[], keys: Map<string, string>): { reason: string; detail: string | null } {
  const first = links[0];
  if (!first) {
    const columns = [...new Set(e.parents.map((r) => r.from.column ?? '(same row)'))].join(', ');
    const why = e.parents.length
      ? `names no record in ${columns}`
      : `has no relationship in the scope saying which ${e.entity} record it belongs to; add one so its values can be carried onto that record`;
    return { reason: `the pair card writes no record of its own for ${e.object}: its values go onto the record it names, and this row ${why}`, detail: null };
  }
  const column = first.fromColumn ?? first.column;
  const why = keys.has(linkId(first)) ? `the ${first.toObject} with ${first.column} "${first.value}" was not loaded (see its row in the quarantine list)` : `no ${first.toObject} row in the export has ${first.column} "${first.value}"`;
  return { reason: `column ${column}: ${why}; a ${e.object} row only adds values to the record it names, so it has nothing to go on`, detail: column };
}
