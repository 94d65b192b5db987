import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { runLedger, runRows, runs, runSnapshot } from '../../../db/schema/index.ts';
import { planHasCatalogue } from '../destinations/freshsales/product-fields.ts';
import { dealLineId, dealLineKey, type DealLine, type DealLineData, type DestinationRecord, type DestinationSession } from '../protocol.ts';
import { recordFingerprint, type StagedRecord } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import type { LoadOptions, Prepared } from './load.ts';
import type { PlanObject } from './plan.ts';
import type { StagedLine } from './products-transform.ts';
import { destinationIdsFor, linkId, linksOf, sourceKeysFor, type Link } from './resolve-refs.ts';
import type { RunContext } from './run-context.ts';
import { lastWrites } from './last-writes.ts';
import type { StagedRow } from './staging.ts';

const fold = (v: unknown) => (typeof v === 'string' && v.trim() ? v.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase() : null);

/** Products and deal line items: each kind builds its records its own way (see prepareProducts, prepareDealLines). */
export function prepareCatalogue(deps: RunnerDeps, rc: RunContext, p: PlanObject, window: StagedRow[], opts: LoadOptions, session: DestinationSession): Promise<Prepared[]> {
  return p.entity === 'products' ? prepareProducts(deps, rc, p, window, opts) : prepareDealLines(deps, rc, p, window, opts, session);
}

/**
 * The products of the account before the run, by SKU and by name, leaving out those a sample run of this scope created
 * (a full run adopts them as its own creations, so rolling it back removes them too).
 */
async function catalogueBefore(deps: RunnerDeps, rc: RunContext) {
  const { db } = deps;
  const rows = await db.select().from(runSnapshot).where(and(eq(runSnapshot.runId, rc.run.id), eq(runSnapshot.entity, 'products')));
  const adopted = new Set<string>();
  if (rc.run.mode === 'full') {
    const samples = await db.select({ id: runs.id }).from(runs).where(and(eq(runs.scopeId, rc.run.scopeId), eq(runs.mode, 'sample')));
    if (samples.length) {
      const made = await db
        .select({ id: runLedger.destinationId })
        .from(runLedger)
        .where(and(inArray(runLedger.runId, samples.map((s) => s.id)), eq(runLedger.entity, 'products'), eq(runLedger.op, 'created'), isNull(runLedger.undo)));
      for (const m of made) adopted.add(m.id);
    }
  }
  const byKey = new Map<string, DestinationRecord>();
  for (const r of rows) {
    const record = JSON.parse(r.record) as DestinationRecord;
    for (const key of ['sku_number', 'name']) {
      const v = fold(record[key]);
      if (v !== null && !byKey.has(`${key}=${v}`)) byKey.set(`${key}=${v}`, record);
    }
  }
  return {
    find: (identifier: Record<string, string | number>) => {
      const [key, value] = Object.entries(identifier)[0] ?? [];
      return key === undefined ? undefined : byKey.get(`${key}=${fold(String(value))}`);
    },
    adopted: (id: string) => adopted.has(id),
  };
}

/**
 * Products have no upsert: one the account already holds (same SKU, else same name) is updated in place, with its
 * before-image for rollback; the rest are created. A delta leaves a product edited in Freshsales since Ferry wrote it.
 */
async function prepareProducts(deps: RunnerDeps, rc: RunContext, p: PlanObject, window: StagedRow[], opts: LoadOptions): Promise<Prepared[]> {
  const catalogue = await catalogueBefore(deps, rc);
  const earlier = rc.run.mode === 'delta' ? await lastWrites(deps, opts.chain.slice(1), p.object, window.map((r) => r.sourceKey!)) : new Map();
  const out: Prepared[] = [];
  for (const row of window) {
    const rec = JSON.parse(row.data!) as StagedRecord;
    const data = structuredClone(rec.data);
    const owner = rec.owner ? opts.owners[rec.owner.trim().toLowerCase()] : undefined;
    if (owner !== undefined) data.owner_id = owner;
    const found = catalogue.find(rec.identifier);
    const prior = earlier.get(row.sourceKey!);
    if (found && prior?.settledAt && (String(found.updated_at ?? '') !== prior.settledAt || (prior.settledFingerprint && (await recordFingerprint(found)) !== prior.settledFingerprint))) {
      out.push({ row, problem: { status: 'conflict', reason: `edited in Freshsales after go-live (updated ${String(found.updated_at)}, Ferry last wrote it at ${prior.settledAt}); left as it is for a person to decide` } });
      continue;
    }
    const record = { sourceKey: row.sourceKey!, identifier: rec.identifier, data, ...(found ? { update: String(found.id) } : {}) };
    out.push({ row, entity: 'products', record, before: found && !catalogue.adopted(String(found.id)) ? found : null });
  }
  return out;
}

/** A line's deal and product links, resolved: ids from the ledger, and the product's catalogue row where there is no catalogue. */
interface Resolved {
  row: StagedRow;
  rec: StagedLine;
  deal?: string;
  ref?: string;
  label: string;
  problem?: { reason: string; column: string | null };
}

/**
 * Line items are written a deal at a time, the deal's whole list in one call. So every ready line of the window's
 * deals is prepared here (those of later windows too, so they load with their deal), and each record carries the
 * deal's full list: its lines of this run in file order, whatever their status (a delta's unchanged lines included,
 * so a deal never loses them). A deal the run did not create keeps the lines it holds for other products; those the
 * run replaces are read first, as the before-images rollback puts back.
 */
async function prepareDealLines(deps: RunnerDeps, rc: RunContext, p: PlanObject, window: StagedRow[], opts: LoadOptions, session: DestinationSession): Promise<Prepared[]> {
  const { db } = deps;
  const hasCatalogue = planHasCatalogue(rc.destination.plan);
  const deals = [...new Set(window.map((r) => (JSON.parse(r.data!) as StagedLine).deal).filter((d): d is string => typeof d === 'string'))];
  // A delta's unchanged lines are skipped but stay on the deal; a sample's skipped lines are outside it and stay off.
  const listed: ('ready' | 'loaded' | 'skipped')[] = rc.run.mode === 'delta' ? ['ready', 'loaded', 'skipped'] : ['ready', 'loaded'];
  const rows = deals.length
    ? await db
        .select()
        .from(runRows)
        .where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, p.object), inArray(runRows.status, listed), inArray(sql`json_extract(${runRows.data}, '$.deal')`, deals)))
        .orderBy(runRows.file, runRows.line)
    : [];
  const all = [...rows, ...window.filter((w) => !rows.some((r) => r.file === w.file && r.line === w.line))];
  const resolved = await resolveLines(deps, rc, p, all, opts, hasCatalogue);

  const byDeal = new Map<string, Resolved[]>();
  for (const r of resolved.filter((x) => !x.problem)) byDeal.set(r.deal!, [...(byDeal.get(r.deal!) ?? []), r]);
  const created = await createdHere(deps, rc, [...byDeal.keys()]);
  const out: Prepared[] = resolved
    .filter((r) => r.problem && r.row.status === 'ready')
    .map((r) => ({ row: r.row, problem: { status: 'quarantined', reason: r.problem!.reason, ...(r.problem!.column ? { detail: r.problem!.column } : {}) } }));
  for (const [deal, mine] of byDeal) {
    const seen = new Map<string, number>();
    const keyed = mine.map((r) => {
      const n = seen.get(r.ref!) ?? 0;
      seen.set(r.ref!, n + 1);
      return { r, key: dealLineKey(r.ref!, n) };
    });
    const lines: DealLine[] = keyed.map(({ r }) => ({ ref: r.ref!, label: r.label, values: r.rec.data }));
    const keep = !created.has(deal);
    const ready = keyed.filter(({ r }) => r.row.status === 'ready');
    const before = keep ? await session.fetch('deal_products', ready.map(({ key }) => dealLineId(deal, key))) : new Map<string, DestinationRecord | null>();
    for (const { r, key } of ready) {
      const data: DealLineData = { deal_id: deal, line: key, lines, keep };
      out.push({ row: r.row, entity: 'deal_products', record: { sourceKey: r.row.sourceKey!, identifier: {}, data: data as unknown as Record<string, unknown> }, before: before.get(dealLineId(deal, key)) ?? null });
    }
  }
  return out;
}

/** The deals among these ids that this run created: nothing was on them before, so nothing there needs keeping. */
async function createdHere(deps: RunnerDeps, rc: RunContext, dealIds: string[]): Promise<Set<string>> {
  if (dealIds.length === 0) return new Set();
  const rows = await deps.db
    .select({ id: runLedger.destinationId })
    .from(runLedger)
    .where(and(eq(runLedger.runId, rc.run.id), eq(runLedger.entity, 'deals'), eq(runLedger.op, 'created'), inArray(runLedger.destinationId, dealIds)));
  return new Set(rows.map((r) => r.id));
}

const missing = (l: Link, staged: boolean, what: string) => ({
  column: l.fromColumn ?? l.column,
  reason: `column ${l.fromColumn ?? l.column}: ${staged ? `the ${l.toObject} with ${l.column} "${l.value}" was not loaded (see its own row, or it was outside this run)` : `no ${l.toObject} row in the export has ${l.column} "${l.value}"`}, so this line item has no ${what} to go on; fix the reference or load the ${what} first`,
});

async function resolveLines(deps: RunnerDeps, rc: RunContext, p: PlanObject, rows: StagedRow[], opts: LoadOptions, hasCatalogue: boolean): Promise<Resolved[]> {
  const { db } = deps;
  const staged = rows.map((row) => ({ row, rec: JSON.parse(row.data!) as StagedLine, links: linksOf(JSON.parse(row.data!) as StagedRecord, p.object, rc.mapping, false) }));
  const all = staged.flatMap((s) => s.links);
  const keys = await sourceKeysFor(db, rc.run.id, all);
  const ids = new Map<string, Map<string, string>>();
  for (const toObject of new Set(all.map((l) => l.toObject))) {
    const wanted = all.filter((l) => l.toObject === toObject).map((l) => keys.get(linkId(l))).filter((k): k is string => !!k);
    ids.set(toObject, await destinationIdsFor(db, opts.chain, toObject, wanted));
  }
  // Without a catalogue a line names its product by the catalogue row, whose name and SKU label the line.
  const labels = new Map<string, string>();
  const productLinks = hasCatalogue ? [] : all.filter((l) => l.field === 'product_id');
  for (const toObject of new Set(productLinks.map((l) => l.toObject))) {
    const sourceKeys = [...new Set(productLinks.filter((l) => l.toObject === toObject).map((l) => keys.get(linkId(l))).filter((k): k is string => !!k))];
    if (sourceKeys.length === 0) continue;
    const products = await db.select({ sourceKey: runRows.sourceKey, data: runRows.data, status: runRows.status }).from(runRows).where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, toObject), inArray(runRows.sourceKey, sourceKeys)));
    for (const r of products) {
      if (r.status !== 'skipped' && r.status !== 'loaded' && r.status !== 'ready') continue;
      const data = (JSON.parse(r.data!) as StagedRecord).data;
      labels.set(`${toObject}\u0000${r.sourceKey}`, [data.name, data.sku_number].filter((v) => typeof v === 'string' && v).join(' · '));
    }
  }
  return staged.map(({ row, rec, links }): Resolved => {
    const out: Resolved = { row, rec, label: '' };
    for (const l of links) {
      const key = keys.get(linkId(l));
      const id = key ? ids.get(l.toObject)?.get(key) : undefined;
      if (l.field === 'deal_id') {
        if (!id) return { ...out, problem: missing(l, keys.has(linkId(l)), 'deal') };
        out.deal = id;
      } else if (l.field === 'product_id') {
        const label = key ? labels.get(`${l.toObject}\u0000${key}`) : undefined;
        const ref = hasCatalogue ? id : label !== undefined ? key : undefined;
        if (!ref) return { ...out, problem: missing(l, keys.has(linkId(l)), 'product') };
        out.ref = ref;
        out.label = label ?? '';
      }
    }
    if (out.deal === undefined || out.ref === undefined) return { ...out, problem: { column: null, reason: 'a line item must name its deal and its product, and this one does not' } };
    return out;
  });
}
