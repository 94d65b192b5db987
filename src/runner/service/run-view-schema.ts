import { z } from 'zod';
import { PAUSE_REASONS, RUN_MODES, RUN_PHASES, RUN_STATUSES } from '../statuses.ts';
import { ROW_OUTCOMES } from './pair-accounting.ts';
import { ManualStepShape } from './manual-steps.ts';

const Counts = z.object({
  rows: z.number(),
  ready: z.number(),
  quarantined: z.number(),
  merged: z.number(),
  created: z.number(),
  updated: z.number(),
  skipped: z.number(),
  conflicts: z.number(),
  failed: z.number(),
  /** Rows loaded with a warning: GET /api/v1/runs/{id}/warnings.csv lists them. */
  warnings: z.number(),
});

/**
 * A run as the API shows it (runView). Plain zod, so the route documents it and the CLI checks answers against it
 * without loading the service.
 */
export const RunViewShape = z.object({
  id: z.string(),
  scopeId: z.string(),
  scopeVersion: z.number().int(),
  mode: z.enum(RUN_MODES),
  parentRunId: z.string().nullable(),
  status: z.enum(RUN_STATUSES),
  phase: z.enum(RUN_PHASES).nullable(),
  pauseReason: z.enum(PAUSE_REASONS).nullable(),
  error: z.string().nullable(),
  destination: z.object({ kind: z.string(), baseUrl: z.string(), plan: z.string() }),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  progress: z.object({
    phase: z.object({ name: z.string(), done: z.number(), total: z.number(), ratePerSecond: z.number(), etaSeconds: z.number().nullable() }).nullable(),
    objects: z.record(z.string(), Counts),
  }),
  budget: z.object({ limit: z.number().nullable(), remaining: z.number().nullable(), resetAt: z.string().nullable(), waitingUntil: z.string().nullable() }).nullable(),
  summary: z.object({
    /** Every row of the pair card and every item it says does not migrate, with what this run did about it. */
    pairCard: z.array(
      z.object({ row: z.string(), label: z.string(), outcome: z.enum(ROW_OUTCOMES), objects: z.array(z.string()), rows: z.number(), written: z.number(), quarantined: z.number(), note: z.string() }),
    ),
    /** Steps people take outside Ferry before the source can be read (Promio: asking for the export, checking it). */
    manualSteps: z.array(ManualStepShape),
    calls: z.object({
      actual: z.object({ total: z.number(), byStep: z.record(z.string(), z.number()) }),
      predicted: z
        .object({ total: z.number(), lines: z.array(z.object({ phase: z.string(), object: z.string(), records: z.number(), per: z.string(), calls: z.number() })) })
        .nullable(),
      deviation: z.number().nullable(),
      withinTolerance: z.boolean().nullable(),
      note: z.string(),
    }),
  }),
});
export type RunViewShape = z.infer<typeof RunViewShape>;
