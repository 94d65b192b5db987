import { z } from 'zod';
import { PLAN_IDS } from '../../rules/schema/platform.ts';

const Count = z.number().int('must be a whole number').nonnegative('must not be negative').max(1_000_000_000, 'must be at most 1,000,000,000');

/** What a prospect types into the estimator; everything but source and destination has a default. */
export const EstimateInput = z.strictObject({
  source: z.string().min(1),
  destination: z.string().min(1),
  plan: z.enum(PLAN_IDS).default('growth'),
  records: z.record(z.string(), Count).default({}).describe('Record counts per source object id'),
  customFields: z.record(z.string(), Count.max(10_000, 'must be at most 10,000')).default({}).describe('Custom fields per source object id'),
  attachments: z
    .strictObject({
      count: Count.default(0),
      totalMb: z.number().nonnegative('must not be negative').max(100_000_000).default(0),
      largestMb: z.number().nonnegative('must not be negative').max(1_000_000).optional(),
    })
    .default({ count: 0, totalMb: 0 }),
  workflows: Count.max(100_000).default(0).describe('Workflows and automations in the source'),
  options: z
    .strictObject({
      deltaWindowHours: z.number().int('must be a whole number').min(0).max(720).optional().describe('Cutover freeze for the final delta pickup; the pair\'s own delta step when absent'),
      extraDeltaRuns: z.number().int('must be a whole number').min(0).max(20).default(0),
      sandboxRehearsals: z.number().int('must be a whole number').min(0).max(10).default(1),
      expedited: z.boolean().default(false),
      hypercareDays: z.number().int('must be a whole number').min(0).max(90).optional(),
      destinationUsers: z.number().int('must be a whole number').min(1).max(100_000).default(5),
    })
    .default({ extraDeltaRuns: 0, sandboxRehearsals: 1, expedited: false, destinationUsers: 5 }),
});
export type EstimateInput = z.infer<typeof EstimateInput>;
export type EstimateInputRaw = z.input<typeof EstimateInput>;
