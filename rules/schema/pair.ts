import { z } from 'zod';
import { DayRange, Gotcha, Id } from './common.ts';
import { PlanId } from './platform.ts';

export const CARDINALITIES = ['1:1', '1:many', 'lossy'] as const;
export const SUPPORT_LEVELS = ['full', 'mapping_required', 'partial'] as const;
/** What the runner does with a row: load it, hand the customer an inventory, or report it as not portable. */
export const HANDLINGS = ['migrate', 'inventory', 'not_portable'] as const;
export const PHASE_KINDS = [
  'discovery', 'export_request', 'schema_setup', 'extract', 'transform', 'sample', 'load', 'delta', 'handoff', 'hypercare',
] as const;

export const MappingRow = z.strictObject({
  id: Id,
  source: z.strictObject({ object: Id, label: z.string().min(1) }),
  destination: z.strictObject({ objects: z.array(Id), label: z.string().min(1) }),
  cardinality: z.enum(CARDINALITIES),
  support: z.enum(SUPPORT_LEVELS),
  handling: z.enum(HANDLINGS),
  transformation: z.string().min(20),
  dependsOn: z.array(Id),
  /**
   * The destination object each source record becomes (one write each), or null when the row's data rides on
   * another row's records (fields, tags, consent) or is set up by hand (stages, users, workflows).
   */
  writesTo: Id.nullable(),
  /**
   * Contacts that name no company go under one account of this name (the customer may rename it or turn it off in the
   * scope), so none is left without an account.
   */
  catchAllAccount: z.string().min(1).optional(),
  /**
   * When the plan lacks `writesTo`: the kind of record that carries the row's values instead. Each row's values go onto
   * the record of that kind it names, as custom fields of that record (custom objects below Enterprise go onto their
   * deal); the row writes no record of its own then.
   */
  fallbackWritesTo: Id.optional(),
  planRequirement: z
    .strictObject({ minPlan: PlanId, fallback: z.string().min(10) })
    .optional(),
  /**
   * Records Freshsales has no API for, handed over as a document package instead (knowledge-base articles): each
   * record becomes a readable file filed under its category path. The fields are the source object's field ids.
   */
  documentPackage: z
    .strictObject({
      /** What the package is called in the run's reports. */
      title: z.string().min(3),
      titleField: z.string().min(1),
      /** Kept literally as the file's content. */
      bodyField: z.string().min(1),
      /** A category path such as "Hardware > Pumps": one folder per level. */
      categoryField: z.string().min(1),
      categorySeparator: z.string().min(1),
    })
    .optional(),
});
export type MappingRow = z.infer<typeof MappingRow>;

export const ApproachStep = z.strictObject({
  id: Id,
  kind: z.enum(PHASE_KINDS),
  title: z.string().min(3),
  description: z.string().min(20),
  /** Human effort in working days where the step is not bounded by API throughput. */
  days: DayRange.optional(),
});

export const NotMigrated = z.strictObject({
  id: Id,
  item: z.string().min(3),
  reason: z.string().min(10),
  handling: z.enum(['inventory', 'not_portable']),
});

export const Pair = z.strictObject({
  source: Id,
  destination: Id,
  summary: z.string().min(40),
  /** The timeline the public seed page states; the estimator is calibrated against it, never copies it. */
  statedTimeline: z.strictObject({ min: z.number().positive(), max: z.number().positive(), unit: z.enum(['hours', 'days', 'weeks']) }),
  rows: z.array(MappingRow).min(1),
  challenges: z.array(Gotcha),
  approach: z.array(ApproachStep).min(3),
  notMigrated: z.array(NotMigrated),
  /** Destination object ids in the order they must be loaded. */
  loadOrder: z.array(Id).min(1),
});
export type Pair = z.infer<typeof Pair>;
