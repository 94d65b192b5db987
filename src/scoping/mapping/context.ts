import type { Pair, MappingRow } from '../../../rules/schema/pair.ts';
import { PLAN_IDS, type DestinationPlatform, type PlanId, type SourcePlatform } from '../../../rules/schema/platform.ts';
import { editionObject, onEdition, type Edition } from '../editions.ts';
import type { ScopingRules } from '../rules.ts';
import type { FieldTarget } from './document.ts';

/** A mapping an engineer confirmed in an earlier scope of the same organisation and platform pair. */
export interface RememberedMapping {
  sourceObject: string;
  columnKey: string;
  target: FieldTarget;
  confirmations: number;
}

/** Everything a proposal or a validation needs besides the mapping itself. */
export interface MappingContext {
  rules: ScopingRules;
  source: SourcePlatform;
  destination: DestinationPlatform;
  pair: Pair;
  plan: PlanId;
  /** The Freshsales edition the scope targets: Classic keeps leads as leads, Suite makes them contacts. */
  edition: Edition;
  memory: RememberedMapping[];
}

export type DestinationObject = DestinationPlatform['objects'][number];

const planRank = (p: PlanId) => PLAN_IDS.indexOf(p);
export const planAllows = (plan: PlanId, min: PlanId | undefined) => !min || planRank(plan) >= planRank(min);

/** Objects that exist only as account configuration (users, pipelines, workflows): set up by hand, never field-mapped. */
const isConfiguration = (o: DestinationObject) => o.write === 'not_via_api';

/**
 * The Freshsales object a row's records (or the fields they carry) land on under this plan and edition: the object
 * of its own that the edition keeps (Classic's leads), else `writesTo`, its fallback when the plan lacks it, else the
 * first loadable object the row names. Undefined for rows that only configure the account (owners, stages, workflows).
 */
export function destinationFor(row: MappingRow, ctx: MappingContext): DestinationObject | undefined {
  const object = (id: string | null | undefined) => (id ? ctx.destination.objects.find((o) => o.id === id) : undefined);
  const allowed = (o: DestinationObject | undefined) => (o && !isConfiguration(o) && planAllows(ctx.plan, o.minPlan) && onEdition(o, ctx.edition) ? o : undefined);
  const own = allowed(editionObject(row, ctx.destination, ctx.edition));
  if (own) return own;
  // A plan requirement with a fallback object reroutes the records; without one it only changes how they load.
  const rerouted = row.fallbackWritesTo && !planAllows(ctx.plan, row.planRequirement?.minPlan);
  const below = followsFallback(row) ? object(row.writesTo) : undefined;
  return (
    (rerouted ? undefined : allowed(object(row.writesTo))) ?? allowed(object(row.fallbackWritesTo)) ?? row.destination.objects.map(object).find(allowed) ??
    (below && !isConfiguration(below) ? below : undefined)
  );
}

/**
 * Whether a row's values ride on records other rows write, under this plan: it writes no record of its own, or its
 * plan lacks what it writes and its fallback carries each row onto the record of that kind it names (custom objects
 * below Enterprise go onto their deal).
 */
export const carriedRow = (row: MappingRow, ctx: Pick<MappingContext, 'plan'>) =>
  row.writesTo === null || (!!row.fallbackWritesTo && !planAllows(ctx.plan, row.planRequirement?.minPlan));

/**
 * A row whose plan requirement names no object to reroute to keeps its records on a smaller plan: the run follows the
 * pair card's fallback for them there (a product catalogue is handed over as a list, line items kept as deal text).
 */
export const followsFallback = (row: MappingRow) => !!row.planRequirement && !row.fallbackWritesTo;

/** Whether Freshsales lets an account add custom fields to this object. */
export const takesCustomFields = (o: DestinationObject) => o.fields.some((f) => f.type === 'group_field' && f.id === 'custom_field');

/** Standard fields a mapping may write: not the custom-field group, not the ones Freshsales sets itself. */
export const writableFields = (o: DestinationObject, ctx: MappingContext) =>
  o.fields.filter((f) => f.id !== 'custom_field' && !ctx.rules.fieldTypes.readOnlyFields.includes(f.id));
