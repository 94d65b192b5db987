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
  /** Headers (compared lower-case, spaces and underscores alike) of the column holding an activity's end. */
  endColumns: Words,
  /** "<from kind>><to kind>": field the mapping targets → the same field on the kind a row is routed to. */
  renames: z.record(z.string().regex(/^[a-z_]+>[a-z_]+$/), z.record(z.string().min(1), z.string().min(1))),
});
export type ActivityRouting = z.infer<typeof ActivityRouting>;
