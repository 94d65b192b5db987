import { z } from 'zod';
import { Id } from './common.ts';

/** json-rules-engine conditions, restricted to the facts and operators the estimator defines (checked at load). */
export const OPERATORS = [
  'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn', 'contains', 'doesNotContain',
] as const;

export interface Condition {
  fact: string;
  operator: (typeof OPERATORS)[number];
  value: unknown;
}
export type Conditions = { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode };
export type ConditionNode = Condition | Conditions;

const Leaf = z.strictObject({
  fact: z.string().min(1),
  operator: z.enum(OPERATORS),
  value: z.union([z.number(), z.string(), z.boolean(), z.array(z.union([z.number(), z.string()])), z.strictObject({ fact: z.string() })]),
});
export const ConditionNode: z.ZodType<ConditionNode> = z.lazy(() => z.union([Leaf, Conditions]));
export const Conditions: z.ZodType<Conditions> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionNode).min(1) }),
    z.strictObject({ any: z.array(ConditionNode).min(1) }),
    z.strictObject({ not: ConditionNode }),
  ]),
);

export const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export const GRADE_DIMENSIONS = ['objectCompatibility', 'fieldMappingClarity', 'timelineComplexity', 'apiConstraints', 'dataVolumeSensitivity'] as const;
export const GOTCHA_SEVERITIES = ['blocker', 'high', 'medium', 'low'] as const;

const Rule = <E extends z.ZodType>(event: E) =>
  z.strictObject({
    name: Id,
    description: z.string().min(10),
    priority: z.number().int().min(1).max(100).optional(),
    conditions: Conditions,
    event,
  });

/** Reasons and messages may quote facts as {factName}; unknown names fail at load. */
const Text = z.string().min(3);

export const GradeRules = z.strictObject({
  concern: z.literal('grades'),
  labels: z.strictObject({ A: z.string(), B: z.string(), C: z.string(), D: z.string(), E: z.string() }),
  defaults: z.record(z.enum(GRADE_DIMENSIONS), z.strictObject({ grade: z.enum(GRADES), reason: Text })),
  rules: z.array(Rule(z.strictObject({ type: z.literal('grade'), params: z.strictObject({ dimension: z.enum(GRADE_DIMENSIONS), grade: z.enum(GRADES), reason: Text }) }))),
});

/** Base lines are volume bands whose conditions exclude one another; the first that fires sets the base. */
export const PriceRules = z.strictObject({
  concern: z.literal('price'),
  currency: z.literal('USD'),
  rules: z.array(
    Rule(
      z.strictObject({
        type: z.literal('price_line'),
        params: z.strictObject({
          kind: z.enum(['base', 'adjustment_percent', 'fixed', 'per_unit', 'surcharge_percent']),
          label: Text,
          amount: z.number(),
          /** For per_unit lines: the fact holding the number of units. */
          unitsFact: z.string().optional(),
        }),
      }),
    ),
  ),
  scopedIndividually: z.strictObject({ conditions: Conditions, reason: Text }),
});

export const GotchaRules = z.strictObject({
  concern: z.literal('gotchas'),
  rules: z.array(
    Rule(
      z.strictObject({
        type: z.literal('gotcha'),
        params: z.strictObject({
          severity: z.enum(GOTCHA_SEVERITIES),
          title: Text,
          explanation: Text,
          mitigation: Text,
          /** A knowledge-base gotcha this one refines, as "<platform>:<gotcha id>". */
          ref: z.string().regex(/^[a-z0-9-]+:[a-z0-9-]+$/).optional(),
        }),
      }),
    ),
  ),
});

export const TimelineRules = z.strictObject({
  concern: z.literal('timeline'),
  /** Hours the runner is assumed to load per calendar day when no one watches (unattended runs go round the clock). */
  transferHoursPerDay: z.number().positive(),
  /** Headroom on the upper bound of transfer time: retries, pauses, a re-run after a fix. */
  transferHeadroom: z.number().min(1),
  /** Assumed read rate for a source API that publishes none. */
  defaultSourceCallsPerSecond: z.number().positive(),
  /** Calls spent checking the key and reading field settings and selectors before loading. */
  setupCalls: z.number().int().nonnegative(),
  readBackPageSize: z.number().int().positive(),
  /**
   * Saved views one listing of a destination object walks (deals are listed through more than one view), each view
   * costing a page at least; a listing also reads the view list once. Objects not named walk one view.
   */
  listViews: z.record(z.string(), z.number().int().positive()),
  /**
   * Destination objects that hang off a contact, account or deal (tasks, notes…): never listed for before-images,
   * read back one call per record, and their field settings and selectors cost `activityDescribeCalls` once per run.
   */
  activityObjects: z.array(z.string()),
  activityDescribeCalls: z.number().int().nonnegative(),
  /** Destination objects uploaded one file per call (documents): never listed for before-images, read back one call per record. */
  fileObjects: z.array(z.string()),
  /**
   * Records of modules the customer defines (custom modules): created one call each, never listed for before-images
   * (a run only creates them), read back one call per record; reading the module definitions and a module's fields
   * costs `moduleDescribeCalls` once per run.
   */
  moduleObjects: z.array(z.string()),
  moduleDescribeCalls: z.number().int().nonnegative(),
  /**
   * Objects only some Freshsales editions have (Classic's leads) are described only when a run writes them: their field
   * settings and selector lists cost this many calls once per run and object.
   */
  editionObjectDescribeCalls: z.number().int().nonnegative(),
  /**
   * Destination objects written as a list on a parent record (a deal's line items → deal): one write per parent that
   * has any, whatever their number, and one read of the parent to check them. Line-item object → parent object.
   */
  lineItemObjects: z.record(z.string(), z.string()),
  rules: z.array(
    Rule(
      z.strictObject({
        type: z.literal('timeline_adder'),
        params: z.strictObject({
          phase: z.string().min(1),
          label: Text,
          minDays: z.number().nonnegative(),
          maxDays: z.number().nonnegative(),
          /** Multiply the days by this fact's value (e.g. per extra rehearsal). */
          perFact: z.string().optional(),
        }),
      }),
    ),
  ),
});

export type GradeRules = z.infer<typeof GradeRules>;
export type PriceRules = z.infer<typeof PriceRules>;
export type GotchaRules = z.infer<typeof GotchaRules>;
export type TimelineRules = z.infer<typeof TimelineRules>;
export type Grade = (typeof GRADES)[number];
export type GradeDimension = (typeof GRADE_DIMENSIONS)[number];
