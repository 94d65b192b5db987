import { z } from 'zod';
import { Id } from '../../../rules/schema/common.ts';
import { FRESHSALES_FIELD_TYPES, SOURCE_FIELD_TYPES } from '../../../rules/schema/platform.ts';

const Confidence = z.number().min(0).max(1);

/** Where one source column goes in Freshsales. */
export const FieldTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('standard'), field: z.string().min(1) }),
  z.strictObject({
    kind: z.literal('custom'),
    label: z.string().trim().min(1).max(100),
    name: z.string().regex(/^cf_[a-z0-9_-]+$/, 'custom field API names are "cf_" followed by lower-case letters, digits, "_" or "-"'),
    type: z.enum(FRESHSALES_FIELD_TYPES),
    choices: z.array(z.string().min(1)).optional(),
  }),
  /** Kept as a labelled line in a text area of the record, for objects that take no custom fields (tasks, notes…). */
  z.strictObject({ kind: z.literal('append'), field: z.string().min(1) }),
  /**
   * Each item of the cell names a static list the record belongs to (Kartra's lists): the runner finds or creates one
   * Freshsales list per distinct name and adds the record to it once records have loaded.
   */
  z.strictObject({ kind: z.literal('list') }),
  z.strictObject({ kind: z.literal('ignore') }),
]);
export type FieldTarget = z.infer<typeof FieldTarget>;

export const FieldMapping = z.strictObject({
  column: z.string().min(1),
  sourceField: z.string().nullable(),
  sourceType: z.enum(SOURCE_FIELD_TYPES),
  target: FieldTarget,
  confidence: Confidence,
  reasons: z.array(z.string()),
  /** Set when an engineer has looked at this line and agrees; confirmed lines are remembered for later scopes. */
  confirmed: z.boolean(),
});
export type FieldMapping = z.infer<typeof FieldMapping>;

/** A value every record of a row gets for a standard field no column fills: a ticket's support pipeline, a lead's lifecycle stage. */
export const FixedValue = z.strictObject({
  field: z.string().min(1),
  /** As a person would pick it in Freshsales (a pipeline's or stage's name); the runner resolves it like a column's value. */
  value: z.string().min(1),
  reason: z.string(),
});
export type FixedValue = z.infer<typeof FixedValue>;

/** One object row of the pair card as it applies to this customer's data. */
export const ObjectMapping = z.strictObject({
  row: Id,
  sourceObject: Id,
  destinationObject: Id,
  files: z.array(z.string()),
  rows: z.number().int().nonnegative(),
  fields: z.array(FieldMapping),
  fixed: z.array(FixedValue).optional(),
  /** Contacts only: the account a contact that names no company goes under; absent, such contacts have none. */
  catchAllAccount: z.string().trim().min(1).max(255).optional(),
});
export type ObjectMapping = z.infer<typeof ObjectMapping>;

export const VALUE_MAP_KINDS = ['stage', 'lifecycle', 'status', 'consent', 'choice', 'lead_stage'] as const;

export const ValueMapEntry = z.strictObject({
  source: z.string(),
  count: z.number().int().nonnegative(),
  /** A value among the map's choices, or null while nobody has decided (an open question). */
  target: z.string().nullable(),
  confidence: Confidence,
  reason: z.string(),
  confirmed: z.boolean(),
});
export type ValueMapEntry = z.infer<typeof ValueMapEntry>;

/** How the values of one picklist column become values of a Freshsales dropdown. */
export const ValueMap = z.strictObject({
  id: z.string().min(1),
  row: Id,
  column: z.string().min(1),
  /** `<object>.<field>` in Freshsales, e.g. deal.deal_stage_id. */
  target: z.string().min(1),
  kind: z.enum(VALUE_MAP_KINDS),
  /** The values the Freshsales field offers; empty when they are created from the source values. */
  choices: z.array(z.string()),
  entries: z.array(ValueMapEntry),
});
export type ValueMap = z.infer<typeof ValueMap>;

export const OWNER_RESOLUTIONS = ['existing', 'invite', 'fallback', 'unresolved'] as const;

export const OwnerEntry = z.strictObject({
  /** The value as it appears in the export (an email or a name). */
  source: z.string().min(1),
  count: z.number().int().nonnegative(),
  email: z.string().email().nullable(),
  resolution: z.enum(OWNER_RESOLUTIONS),
  seenIn: z.array(z.string()),
});
export type OwnerEntry = z.infer<typeof OwnerEntry>;

export const OwnerPlan = z.strictObject({
  /** Receives every record whose owner cannot be resolved; required before approval. */
  fallbackOwnerEmail: z.string().email().nullable(),
  owners: z.array(OwnerEntry),
});
export type OwnerPlan = z.infer<typeof OwnerPlan>;

export const RELATIONSHIP_KEYS = ['id', 'name', 'email'] as const;

/** How records of one row find the records of a row they depend on (contacts their account, deals their contacts…). */
export const Relationship = z.strictObject({
  id: z.string().min(1),
  from: z.strictObject({ row: Id, column: z.string().nullable() }),
  to: z.strictObject({ row: Id, column: z.string().nullable() }),
  via: z.enum(RELATIONSHIP_KEYS).nullable(),
  /**
   * For a column naming records of several objects (an activity's "Related to"): the relationship applies to a row only
   * when its `column` holds one of `values` (the row's "Related to (type)" says Deal).
   */
  when: z.strictObject({ column: z.string().min(1), values: z.array(z.string().min(1)).min(1) }).optional(),
  description: z.string(),
});
export type Relationship = z.infer<typeof Relationship>;

/** The whole mapping of a scope version: what an engineer edits, approves and the customer signs. */
export const Mapping = z.strictObject({
  objects: z.array(ObjectMapping),
  valueMaps: z.array(ValueMap),
  owners: OwnerPlan,
  relationships: z.array(Relationship),
});
export type Mapping = z.infer<typeof Mapping>;
