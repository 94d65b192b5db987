import { and, asc, eq } from 'drizzle-orm';
import type { KnowledgeBase } from '../../../rules/index.ts';
import { runRows } from '../../../db/schema/index.ts';
import type { InventoryHandover, InventoryRow, RunHeader } from '../../reports/run/index.ts';
import type { SourceRow } from '../protocol.ts';
import type { StagedRecord } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import type { Prepared } from './load.ts';
import type { PlanObject } from './plan.ts';
import { destinationIdsFor, linkId, linksOf, sourceKeysFor, type Link } from './resolve-refs.ts';
import type { RunContext } from './run-context.ts';

/** The name of the inventory's CSV download (the run report `inventory`). */
export const INVENTORY_CSV = 'inventory.csv';

/**
 * Whether a plan object holds the rows of a pair-card row the pair inventories (Soffront's projects): they go to the
 * run's inventory whole, and the records the mapping makes of them (notes on the records they name) only summarise them.
 */
export function isInventoryObject(kb: KnowledgeBase, sourcePlatform: string, p: Pick<PlanObject, 'mapping' | 'derivedFrom'>): boolean {
  if (!p.mapping || p.derivedFrom) return false;
  return kb.pair(sourcePlatform, 'freshsales')?.rows.find((r) => r.id === p.mapping!.row)?.handling === 'inventory';
}

/**
 * An inventoried row whose note has nothing loaded to hang off loses nothing: the inventory holds the row whole. It is
 * skipped with the reason rather than quarantined, so the quarantine list keeps to rows that need someone to act.
 */
export function keepInInventory(deps: RunnerDeps, rc: RunContext, p: PlanObject, prepared: Prepared[]): Prepared[] {
  if (!isInventoryObject(deps.kb, rc.sourcePlatform, p)) return prepared;
  return prepared.map((x) =>
    x.problem?.status === 'quarantined'
      ? { row: x.row, problem: { status: 'skipped', reason: `no note in Freshsales (${x.problem.reason}); the row is in the run's inventory (${INVENTORY_CSV}) all the same` } }
      : x,
  );
}

/** A cell as exported; a JSON list cell as its items, with the separator the platform's exports use. */
const exported = (cell: string | string[] | undefined, separator: string) => (Array.isArray(cell) ? cell.join(`${separator} `) : (cell ?? ''));

/**
 * The run's inventory: every row of every inventoried export file with all its cells as exported, and for each the note
 * Ferry wrote and the record it hangs off (the first of the row's links that resolved, as the load chose it). Reads
 * the staging and the ledger of the run and the runs it builds on (`chain`, newest first); makes no Freshsales call.
 * Null when the scope inventories no export file.
 */
export async function inventoryHandover(deps: RunnerDeps, rc: RunContext, chain: string[], header: RunHeader): Promise<InventoryHandover | null> {
  const { db, kb } = deps;
  const mine = rc.plan.filter((p) => isInventoryObject(kb, rc.sourcePlatform, p));
  if (mine.length === 0) return null;
  const channels = kb.source(rc.sourcePlatform)?.channels;
  const separator = (channels && 'export' in channels ? channels.export?.multiValueSeparator : undefined) ?? ';';
  const labelOf = (object: string) => {
    const destination = rc.plan.find((x) => x.object === object)?.destinationObject ?? object;
    return kb.destination('freshsales')?.objects.find((o) => o.id === destination)?.label ?? destination;
  };
  const objects: InventoryHandover['objects'] = [];
  for (const p of mine) {
    const staged = await db.select().from(runRows).where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, p.object))).orderBy(asc(runRows.file), asc(runRows.line));
    const records = staged.map((row) => ({ row, rec: row.data ? (JSON.parse(row.data) as StagedRecord) : null }));
    const notes = await destinationIdsFor(db, chain, p.object, records.flatMap((r) => (r.row.sourceKey ? [r.row.sourceKey] : [])));
    const links = new Map(records.map((r) => [r.row, r.rec ? linksOf(r.rec, p.object, rc.mapping, false).filter((l) => l.field === 'targetable_id') : []]));
    const targetOf = await resolver(deps, rc, chain, [...links.values()].flat());
    const columns = [...new Set([...Object.keys(p.profiles), ...staged.flatMap((r) => Object.keys(JSON.parse(r.raw) as SourceRow))])];
    const rows = records.map(({ row }): InventoryRow => {
      const raw = JSON.parse(row.raw) as SourceRow;
      // A merged duplicate's note is its survivor's; a quarantined row has none of its own.
      const id = row.sourceKey && (row.status === 'loaded' || row.status === 'skipped') ? notes.get(row.sourceKey) : undefined;
      const on = id ? links.get(row)!.map(targetOf).find((t) => t !== null) : undefined;
      return {
        file: row.file,
        line: row.line,
        sourceKey: row.sourceKey,
        cells: Object.fromEntries(columns.map((c) => [c, exported(raw[c], separator)])),
        status: row.status,
        reason: row.reason,
        note: id ? { id, on: on ? { object: on.link.toObject, label: labelOf(on.link.toObject), id: on.id, sourceKey: on.sourceKey } : null } : null,
      };
    });
    const row = kb.pair(rc.sourcePlatform, 'freshsales')?.rows.find((r) => r.id === p.mapping!.row);
    objects.push({ row: p.object, label: row?.source.label ?? p.object, files: p.files, columns, rows });
  }
  return { header, objects };
}

/** The record each link names, with its Freshsales id, when that record was written by the run or one it builds on. */
async function resolver(deps: RunnerDeps, rc: RunContext, chain: string[], links: Link[]) {
  const keys = await sourceKeysFor(deps.db, rc.run.id, links);
  const ids = new Map<string, Map<string, string>>();
  for (const toObject of new Set(links.map((l) => l.toObject))) {
    const wanted = links.filter((l) => l.toObject === toObject).flatMap((l) => keys.get(linkId(l)) ?? []);
    ids.set(toObject, await destinationIdsFor(deps.db, chain, toObject, wanted));
  }
  return (link: Link) => {
    const sourceKey = keys.get(linkId(link));
    const id = sourceKey ? ids.get(link.toObject)?.get(sourceKey) : undefined;
    return sourceKey && id ? { link, sourceKey, id } : null;
  };
}
