import type { InventoryColumn } from '../discovery/inventory.ts';
import { destinationFor, type DestinationObject, type MappingContext } from './context.ts';

/** Destination objects that hold records of `object` as members (Freshsales contact lists hold contacts). */
export const listObjectsFor = (object: DestinationObject, ctx: MappingContext) => ctx.destination.objects.filter((o) => o.members?.object === object.id);

/**
 * Why a column of `object` records cannot go to lists on this scope's plan, or null when it can: the object must be
 * one whose records join lists, and the plan must offer lists through the API.
 */
export function listTargetProblem(object: DestinationObject, ctx: MappingContext): string | null {
  const lists = listObjectsFor(object, ctx);
  if (lists.length === 0) return `Freshsales ${object.label} records belong to no lists; keep the names in a multi_select_dropdown custom field instead`;
  const plan = ctx.destination.plans.find((p) => p.id === ctx.plan);
  if (!plan?.features.contactLists) return `the Freshsales ${plan?.label ?? ctx.plan} plan offers no ${lists[0]!.label.toLowerCase()}s through the API; keep the names in a multi_select_dropdown custom field instead`;
  return null;
}

/**
 * For a column the source platform declares as memberships (a Kartra contact's lists): whether they can become
 * memberships of Freshsales lists here, and the reason either way. Null for any other column.
 */
export function listMembership(column: InventoryColumn, sourceObject: string, object: DestinationObject, ctx: MappingContext): { ok: boolean; reason: string } | null {
  const declared = column.field ? ctx.source.objects.find((o) => o.id === sourceObject)?.fields.find((f) => f.id === column.field) : undefined;
  if (!declared?.membershipOf) return null;
  const row = ctx.pair.rows.find((r) => r.source.object === declared.membershipOf && r.handling === 'migrate');
  const list = row ? destinationFor(row, ctx) : undefined;
  if (!row || !list?.members) return { ok: false, reason: `${ctx.source.name} ${declared.label} names the ${declared.membershipOf}s a record belongs to, and the pair card loads them into no Freshsales list` };
  const problem = list.members.object === object.id ? listTargetProblem(object, ctx) : `Freshsales ${list.label}s hold ${list.members.object} records, not ${object.label} records`;
  if (problem) return { ok: false, reason: `${ctx.source.name} ${declared.label} names ${declared.membershipOf}s, but ${problem}` };
  return {
    ok: true,
    reason: `${ctx.source.name} ${declared.label} names the ${declared.membershipOf}s a record belongs to: each distinct name becomes a Freshsales ${list.label.toLowerCase()} (pair-card row ${row.id}), and the record is added to it once records have loaded`,
  };
}
