import type { MappingRow } from '../../../rules/schema/pair.ts';
import { writableFields, type MappingContext } from './context.ts';
import type { ObjectMapping, Relationship } from './document.ts';

/**
 * Whether a pair row's export gets a mapping object: rows that migrate, and inventory rows that also leave a record in
 * Freshsales (Soffront's projects: each is handed over in the run's inventory CSV and summarised in a note on the
 * record it names). An inventory row writing nothing (Profi's workflows, from the workflow upload) gets none.
 */
export const mapsRecords = (row: MappingRow) => row.handling === 'migrate' || (row.handling === 'inventory' && row.writesTo !== null);

/** Whether a mapping object belongs to an inventory row: its rows go to the inventory CSV whether or not their record loads. */
export const isInventoryRow = (ctx: Pick<MappingContext, 'pair'>, row: string) => ctx.pair.rows.find((r) => r.id === row)?.handling === 'inventory';

/**
 * Each inventory row's record (a note) opens with a line naming what it summarises, since the object itself has no home
 * in Freshsales: a fixed value of the record's text area, above the columns' labelled lines. Left out where a column
 * already fills that field, and an engineer's earlier version decides for itself.
 */
export function proposeInventoryTitles(objects: ObjectMapping[], ctx: MappingContext, previous: ObjectMapping[]): ObjectMapping[] {
  return objects.map((o) => {
    const row = ctx.pair.rows.find((r) => r.id === o.row);
    if (!row || row.handling !== 'inventory' || previous.some((p) => p.row === o.row)) return o;
    const object = ctx.destination.objects.find((d) => d.id === o.destinationObject);
    const text = object && writableFields(object, ctx).find((f) => f.type === 'textarea');
    if (!text || o.fields.some((f) => f.target.kind === 'standard' && f.target.field === text.id) || o.fixed?.some((v) => v.field === text.id)) return o;
    const what = `${ctx.source.name} ${row.source.label.toLowerCase()}`;
    const title = {
      field: text.id,
      value: `${what}: a summary (${ctx.destination.name} has no such records; the full row is in the migration's inventory CSV)`,
      reason: `${ctx.destination.name} has no ${row.source.label.toLowerCase()} records, so each ${object.label.toLowerCase()} opens with a line saying it summarises a ${what}; the labelled lines below it carry the columns`,
    };
    return { ...o, fixed: [...(o.fixed ?? []), title] };
  });
}

/**
 * An inventory row's record hangs off the first record it names that loaded (the runner takes the first of its
 * relationships that resolves). The narrowest comes first: a parent whose own pair row depends on another parent of the
 * same record (a deal belongs to an account) says more about it, so a project's note goes on the deal it delivers, and
 * on the account only when the project names no loaded deal. Other relationships keep their order.
 */
export function hangOnNarrowest(relationships: Relationship[], ctx: MappingContext): Relationship[] {
  const out = [...relationships];
  for (const row of ctx.pair.rows.filter((r) => r.handling === 'inventory')) {
    const at = out.flatMap((r, i) => (r.from.row === row.id && r.to.row !== row.id ? [i] : []));
    const parents = new Set(at.map((i) => out[i]!.to.row));
    const depth = (r: Relationship) => ctx.pair.rows.find((x) => x.id === r.to.row)?.dependsOn.filter((d) => parents.has(d)).length ?? 0;
    const sorted = at.map((i) => out[i]!).sort((a, b) => depth(b) - depth(a));
    at.forEach((i, k) => (out[i] = sorted[k]!));
  }
  return out;
}
