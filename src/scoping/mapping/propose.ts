import type { InventoryObject } from '../discovery/inventory.ts';
import { destinationFor, type MappingContext } from './context.ts';
import type { Mapping } from './document.ts';
import { proposeFields, type RowTarget } from './propose-fields.ts';
import { proposeOwners } from './owners.ts';
import { proposeRelationships } from './relationships.ts';
import { proposeValueMaps } from './value-maps.ts';

/**
 * The proposed mapping for what discovery found: fields per pair-card row, value maps, owners and relationship keys.
 * Given the previous version, every decision an engineer made there carries over; only new or changed columns are proposed afresh.
 */
export function proposeMapping(ctx: MappingContext, inventory: InventoryObject[], previous?: Mapping): Mapping {
  const usedNames = new Set<string>();
  const objects = inventory.flatMap((inv) => {
    const targets: RowTarget[] = ctx.pair.rows
      .filter((r) => r.source.object === inv.object && r.handling === 'migrate')
      .map((row) => ({ row, object: destinationFor(row, ctx) }))
      .filter((t): t is RowTarget => !!t.object);
    if (!targets.length) return [];
    return proposeFields(inv, targets, ctx, previous?.objects.filter((o) => o.sourceObject === inv.object) ?? [], usedNames);
  });
  return {
    objects,
    valueMaps: proposeValueMaps(objects, inventory, ctx, previous?.valueMaps ?? []),
    owners: proposeOwners(objects, inventory, ctx, previous?.owners),
    relationships: proposeRelationships(objects, ctx, previous?.relationships ?? []),
  };
}
