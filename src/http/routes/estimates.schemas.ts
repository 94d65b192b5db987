import { z } from '@hono/zod-openapi';
import { EstimateInput } from '../../estimator/input.ts';

const Ref = z.object({ id: z.string(), name: z.string() });
const Grade = z.enum(['A', 'B', 'C', 'D', 'E']);

/** The quote as the API returns it (documentation of the shape; the domain builds it). */
export const Estimate = z
  .object({
    id: z.string(),
    knowledgeVersion: z.string(),
    input: EstimateInput,
    source: Ref,
    destination: Ref,
    plan: z.object({ id: z.string(), label: z.string() }),
    compatibility: z.object({
      oneToOne: z.number(),
      total: z.number(),
      percent: z.number(),
      rows: z.array(
        z.object({
          id: z.string(),
          source: z.object({ object: z.string(), label: z.string() }),
          destination: z.object({ objects: z.array(z.string()), label: z.string() }),
          cardinality: z.string(),
          support: z.string(),
          handling: z.string(),
        }),
      ),
    }),
    grades: z.object({
      dimensions: z.array(z.object({ dimension: z.string(), label: z.string(), grade: Grade, reason: z.string() })),
      overall: z.object({ grade: Grade, label: z.string(), reason: z.string() }),
    }),
    timeline: z.object({
      api: z.object({
        calls: z.array(z.object({ phase: z.string(), object: z.string(), records: z.number(), per: z.string(), calls: z.number() })),
        sourceCalls: z.number(),
        destinationCalls: z.number(),
        sourceCallsPerHour: z.number().nullable(),
        destinationCallsPerHour: z.number(),
        extractHours: z.number(),
        loadHours: z.number(),
        transferHours: z.number(),
        binding: z.object({ phase: z.string(), limit: z.string(), description: z.string() }),
      }),
      phases: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), minDays: z.number(), maxDays: z.number(), basis: z.string() })),
      calendar: z.object({ minDays: z.number(), maxDays: z.number() }),
    }),
    price: z.object({
      currency: z.string(),
      scopedIndividually: z.boolean(),
      reason: z.string().optional(),
      lines: z.array(z.object({ rule: z.string(), label: z.string(), amount: z.number() })),
      total: z.number().nullable(),
    }),
    gotchas: z.array(
      z.object({
        id: z.string(),
        severity: z.enum(['blocker', 'high', 'medium', 'low']),
        title: z.string(),
        explanation: z.string(),
        mitigation: z.string(),
        origin: z.enum(['rule', 'pair']),
        ref: z.string().nullable(),
      }),
    ),
    warnings: z.array(z.string()),
    assumptions: z.array(z.string()),
  })
  .openapi('Estimate');
