import { z } from 'zod';

/** The activity kinds the runner writes (src/runner/protocol.ts ACTIVITY_ENTITIES). */
const ActivityKind = z.enum(['tasks', 'appointments', 'sales_activities', 'notes']);
const Words = z.array(z.string().min(1)).min(1);

/** rules/runner/activity-routing.json: which Freshsales kind an activity row becomes, by its type and status words. */
export const ActivityRouting = z.strictObject({
  notes: z.string(),
  /** Standard fields whose column names the activity's type. */
  typeFields: Words,
  /** The standard field whose column says whether the activity is done. */
  statusField: z.string().min(1),
  routes: z
    .array(
      z.strictObject({
        kind: z.string().min(1),
        words: Words,
        entity: ActivityKind,
        /** For sales activities: the Freshsales activity type (by name) the record gets. */
        salesActivityType: z.string().min(1).optional(),
        /** Where a row goes instead when its status is not a done word (a call still to make is a to-do). */
        whenNotDone: ActivityKind.optional(),
      }),
    )
    .min(1),
  doneStatuses: Words,
  openStatuses: Words,
  /** Statuses of work that will not be done: a task closed as done, the status kept as a line of its text. */
  cancelledStatuses: Words,
  /** The label of that line ("<label>: Cancelled"). */
  sourceStatusLabel: z.string().min(1),
  /** Headers (compared lower-case, spaces and underscores alike) of the column holding an activity's end. */
  endColumns: Words,
  /** "<from kind>><to kind>": field the mapping targets → the same field on the kind a row is routed to. */
  renames: z.record(z.string().regex(/^[a-z_]+>[a-z_]+$/), z.record(z.string().min(1), z.string().min(1))),
});
export type ActivityRouting = z.infer<typeof ActivityRouting>;

/** rules/runner/unique-fields.json: fields Freshsales keeps unique, and where a later row's clashing value goes instead. */
export const UniqueFields = z.strictObject({
  notes: z.string(),
  fields: z
    .array(
      z.strictObject({
        entity: z.enum(['contacts', 'sales_accounts', 'deals']),
        field: z.string().min(1),
        /** How warnings name the field ("mobile number"). */
        label: z.string().min(1),
        /** The words of Freshsales' refusal when another record holds the value. */
        refusal: z.string().min(1),
        /** Fields of the same kind that take the value instead, the first one the record leaves empty. */
        moveTo: z.array(z.string().min(1)),
        compare: z.enum(['digits', 'text']),
      }),
    )
    .min(1),
});
export type UniqueFields = z.infer<typeof UniqueFields>;
