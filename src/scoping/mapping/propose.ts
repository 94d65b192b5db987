import type { InventoryObject } from '../discovery/inventory.ts';
import { carriedRow, destinationFor, type MappingContext } from './context.ts';
import type { Mapping, ObjectMapping, Relationship } from './document.ts';
import { proposeCatchAllAccounts, proposeFixedValues } from './fixed-values.ts';
import { keepCarriedApart, type RowTarget } from './propose-fields.ts';
import { hangOnNarrowest, mapsRecords, proposeInventoryTitles } from './inventory-notes.ts';
import { isLineItems, lineItemRelationships, proposeObjectFields } from './line-items.ts';
import { proposeOwners } from './owners.ts';
import { proposeRelationships } from './relationships.ts';
import { proposeValueMaps } from './value-maps.ts';

/**
 * Columns the relationships read (the link itself, the type column beside it) connect records rather than hold data:
 * an unconfirmed line that would store them elsewhere is set to ignore, saying which relationship uses the column.
 */
function leaveLinksToRelationships(objects: ObjectMapping[], relationships: Relationship[], ctx: MappingContext): ObjectMapping[] {
  const usedBy = new Map<string, string>();
  for (const r of relationships) {
    if (r.from.column && r.via) usedBy.set(`${r.from.row}\u0000${r.from.column}`, `relationship ${r.id} matches it against ${r.to.row} "${r.to.column}"`);
    if (r.when) usedBy.set(`${r.from.row}\u0000${r.when.column}`, `it says which kind of record "${r.from.column}" names, and relationship ${r.id} reads it`);
  }
  return objects.map((o) => {
    // A carried row's links only say which record its values go onto: none of them is a value of that record.
    const row = ctx.pair.rows.find((r) => r.id === o.row);
    const carried = !!row && carriedRow(row, ctx);
    return {
      ...o,
      fields: o.fields.map((f) => {
        const why = usedBy.get(`${o.row}\u0000${f.column}`);
        // A standard field keeps the column (a link field is filled through the relationship), except the type field it now decides.
        const keep = f.target.kind === 'standard' && f.target.field !== 'targetable_type' && !carried;
        if (!why || f.confirmed || keep) return f;
        return { ...f, target: { kind: 'ignore' as const }, confidence: 0.9, reasons: [`a link to another record, not data: ${why}`] };
      }),
    };
  });
}

/**
 * The proposed mapping for what discovery found: fields per pair-card row, value maps, owners and relationship keys.
 * Given the previous version, every decision an engineer made there carries over; only new or changed columns are proposed afresh.
 */
export function proposeMapping(ctx: MappingContext, inventory: InventoryObject[], previous?: Mapping): Mapping {
  const usedNames = new Set<string>();
  const proposed = inventory.flatMap((inv) => {
    const targets: RowTarget[] = ctx.pair.rows
      .filter((r) => r.source.object === inv.object && mapsRecords(r))
      .map((row) => ({ row, object: destinationFor(row, ctx) }))
      .filter((t): t is RowTarget => !!t.object);
    if (!targets.length) return [];
    return proposeObjectFields(inv, targets, ctx, previous?.objects.filter((o) => o.sourceObject === inv.object) ?? [], usedNames);
  });
  const profileOf = (o: ObjectMapping, column: string) => inventory.find((i) => i.object === o.sourceObject)?.columns.find((c) => c.header === column)?.profile;
  const relationships = hangOnNarrowest([
    ...proposeRelationships(proposed.filter((o) => !isLineItems(ctx, o)), ctx, previous?.relationships ?? [], profileOf),
    ...lineItemRelationships(proposed, ctx, previous?.relationships ?? []),
  ], ctx);
  const withFixed = proposeCatchAllAccounts(proposeFixedValues(leaveLinksToRelationships(keepCarriedApart(proposed, relationships, inventory, ctx, usedNames), relationships, ctx), ctx, previous?.objects ?? []), ctx, previous?.objects ?? []);
  const objects = proposeInventoryTitles(withFixed, ctx, previous?.objects ?? []);
  return {
    objects,
    valueMaps: proposeValueMaps(objects, inventory, ctx, previous?.valueMaps ?? []),
    owners: proposeOwners(objects, inventory, ctx, previous?.owners),
    relationships,
  };
}
