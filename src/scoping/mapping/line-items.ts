import type { MappingRow } from '../../../rules/schema/pair.ts';
import type { InventoryObject } from '../discovery/inventory.ts';
import { nameSimilarity, words } from '../text.ts';
import type { DestinationObject, MappingContext } from './context.ts';
import type { ObjectMapping, Relationship } from './document.ts';
import { proposeFields, type RowTarget } from './propose-fields.ts';

/**
 * The destination object a pair row's line items become, beside the records it writes: one of its objects that is
 * keyed by links to two other objects (a deal line item names its deal and its product).
 */
export function lineItemObject(row: MappingRow, ctx: MappingContext): DestinationObject | undefined {
  return row.destination.objects
    .filter((id) => id !== row.writesTo)
    .map((id) => ctx.destination.objects.find((o) => o.id === id))
    .find((o): o is DestinationObject => !!o && o.keyFields.length >= 2 && o.keyFields.every((k) => ctx.rules.fieldTypes.relationshipFields.some((l) => l.object === o.id && l.field === k)));
}

/** The pair row a mapping object of line items belongs to: such an object is named after its destination object. */
export function lineItemRowOf(ctx: MappingContext, o: Pick<ObjectMapping, 'row' | 'sourceObject' | 'destinationObject'>): MappingRow | undefined {
  if (o.row !== o.destinationObject) return undefined;
  return ctx.pair.rows.find((r) => r.source.object === o.sourceObject && r.handling === 'migrate' && lineItemObject(r, ctx)?.id === o.destinationObject);
}

/** Whether a mapping object holds line items (see proposeObjectFields). */
export const isLineItems = (ctx: MappingContext, o: ObjectMapping) => lineItemRowOf(ctx, o) !== undefined;

/** An inventory narrowed to some of its files: their columns, and their rows (from columns only they hold). */
function narrowed(inv: InventoryObject, files: string[], others: string[]): InventoryObject {
  const columns = inv.columns.filter((c) => c.files.some((f) => files.includes(f)));
  const rowsOf = (group: string[]) => group.reduce((n, f) => n + Math.max(0, ...inv.columns.filter((c) => c.files.length === 1 && c.files[0] === f).map((c) => c.profile.total)), 0);
  return { object: inv.object, files, rows: others.length ? Math.max(0, inv.rows - rowsOf(others)) : rowsOf(files), columns };
}

/**
 * The files of a source object that hold line items rather than the object's own records: each names a record of
 * another object the line items link to (a deal), and lacks every required field of the object's own (a product's
 * name) beyond its id.
 */
function lineItemFiles(inv: InventoryObject, row: MappingRow, lines: DestinationObject, ctx: MappingContext): string[] {
  const source = ctx.source.objects.find((o) => o.id === inv.object);
  const own = new Set(source?.fields.filter((f) => f.required && !source.keyFields.includes(f.id)).map((f) => f.id) ?? []);
  const parents = ctx.rules.fieldTypes.relationshipFields.filter((l) => l.object === lines.id && l.to !== row.writesTo).map((l) => l.to);
  const parentWords = new Set(parents.flatMap((p) => [...words(p), ...ctx.pair.rows.filter((r) => r.writesTo === p).flatMap((r) => [...words(r.source.object), ...words(r.source.label)])]));
  return inv.files.filter((file) => {
    const columns = inv.columns.filter((c) => c.files.includes(file));
    const namesParent = columns.some((c) => words(c.header).some((w) => parentWords.has(w)));
    return namesParent && !columns.some((c) => c.field !== null && own.has(c.field));
  });
}

/**
 * The proposed fields of one source object. Where its pair row's records come with line items in files of their own
 * (FastTrack's products.csv and product_line_items.csv), those files become a second object named after the line-item
 * object (deal_product): its rows are different things, staged, loaded and counted apart.
 */
export function proposeObjectFields(inv: InventoryObject, targets: RowTarget[], ctx: MappingContext, previous: ObjectMapping[], usedNames: Set<string>): ObjectMapping[] {
  const [first] = targets;
  const lines = first && targets.length === 1 && first.object.id === first.row.writesTo ? lineItemObject(first.row, ctx) : undefined;
  const lineFiles = lines ? lineItemFiles(inv, first!.row, lines, ctx) : [];
  if (!lines || lineFiles.length === 0 || lineFiles.length === inv.files.length) return proposeFields(inv, targets, ctx, previous, usedNames);
  const own = inv.files.filter((f) => !lineFiles.includes(f));
  const records = proposeFields(narrowed(inv, own, lineFiles), targets, ctx, previous.filter((o) => o.row === first!.row.id), usedNames);
  const lineRow: MappingRow = { ...first!.row, id: lines.id, writesTo: lines.id };
  const items = proposeFields(narrowed(inv, lineFiles, own), [{ row: lineRow, object: lines }], ctx, previous.filter((o) => o.row === lines.id), usedNames);
  return [...records, ...items];
}

/** The parent's own id column that a line's column matches: among its key fields, the one named most like the column. */
function keyColumn(parent: ObjectMapping, column: string, ctx: MappingContext): string | null {
  const keys = ctx.source.objects.find((o) => o.id === parent.sourceObject)?.keyFields ?? [];
  const own = parent.fields.filter((f) => f.sourceField !== null && keys.includes(f.sourceField));
  const ids = own.length ? own : parent.fields.filter((f) => f.sourceType === 'id');
  return ids.map((f) => ({ f, s: nameSimilarity(f.column, column) })).sort((a, b) => b.s - a.s)[0]?.f.column ?? null;
}

/**
 * How line items find their deal and their product: for each link the line-item object has (rules' relationship
 * fields), the column mapped to it or named after the parent, matched by id against the parent's key column. A link
 * without a column stays open (via null) for the engineer.
 */
export function lineItemRelationships(objects: ObjectMapping[], ctx: MappingContext, previous: Relationship[]): Relationship[] {
  const out: Relationship[] = [];
  for (const o of objects.filter((x) => isLineItems(ctx, x))) {
    const row = lineItemRowOf(ctx, o)!;
    for (const link of ctx.rules.fieldTypes.relationshipFields.filter((l) => l.object === o.destinationObject)) {
      const parents = objects.filter((p) => p.destinationObject === link.to && !isLineItems(ctx, p));
      const parent = link.to === row.writesTo ? parents.find((p) => p.row === row.id) : (parents.find((p) => row.dependsOn.includes(p.row)) ?? parents[0]);
      if (!parent) continue;
      const id = `${o.row}->${parent.row}`;
      const before = previous.find((r) => r.id === id);
      const has = (x: ObjectMapping, column: string | null) => column === null || x.fields.some((f) => f.column === column);
      if (before && has(o, before.from.column) && has(parent, before.to.column)) {
        out.push(before);
        continue;
      }
      const parentWords = new Set([...words(parent.sourceObject), ...words(parent.destinationObject), ...words(ctx.source.objects.find((s) => s.id === parent.sourceObject)?.label ?? '')]);
      const mapped = o.fields.find((f) => f.target.kind === 'standard' && f.target.field === link.field);
      const named = o.fields.find((f) => ['id', 'reference', 'text', 'number'].includes(f.sourceType) && words(f.column).some((w) => parentWords.has(w)));
      const from = (mapped ?? named)?.column ?? null;
      const to = from ? keyColumn(parent, from, ctx) : null;
      out.push({
        id,
        from: { row: o.row, column: from },
        to: { row: parent.row, column: to },
        via: from && to ? 'id' : null,
        description: from && to ? `${o.row} "${from}" matches ${parent.row} "${to}" by id` : `no ${o.row} column names its ${parent.row}`,
      });
    }
  }
  return out;
}
