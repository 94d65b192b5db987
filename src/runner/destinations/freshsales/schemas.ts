import { z } from 'zod';

// Lenient on purpose: Freshsales adds keys freely, so unknown keys pass through; only what Ferry relies on is checked.
const Id = z.union([z.number(), z.string()]);

export const FreshsalesChoice = z.looseObject({ id: Id, value: z.string(), position: z.number().optional() });

export const FreshsalesField = z.looseObject({
  id: Id,
  name: z.string().min(1),
  label: z.string(),
  /** text, textarea, number, dropdown, ...: kept as a string so a type Ferry does not know yet still parses. */
  type: z.string().min(1),
  /** true for a standard field, false for a custom (cf_) one. */
  default: z.boolean().optional(),
  required: z.boolean().optional(),
  base_model: z.string().optional(),
  position: z.number().optional(),
  choices: z.array(FreshsalesChoice).default([]),
});
export type FreshsalesField = z.infer<typeof FreshsalesField>;

export const FreshsalesUser = z.looseObject({ id: z.number(), display_name: z.string(), email: z.string(), is_active: z.boolean().optional() });
export type FreshsalesUser = z.infer<typeof FreshsalesUser>;

export const FreshsalesDealStage = z.looseObject({
  id: z.number(),
  name: z.string(),
  position: z.number().optional(),
  deal_pipeline_id: z.number().optional(),
  probability: z.number().nullable().optional(),
  forecast_type: z.string().nullable().optional(),
});
export type FreshsalesDealStage = z.infer<typeof FreshsalesDealStage>;

export const FreshsalesPipeline = z.looseObject({
  id: z.number(),
  name: z.string(),
  is_default: z.boolean().optional(),
  deal_stages: z.array(FreshsalesDealStage).default([]),
});
export type FreshsalesPipeline = z.infer<typeof FreshsalesPipeline>;

export const FreshsalesLifecycleStage = z.looseObject({
  id: z.number(),
  name: z.string(),
  type: z.string().optional(),
  position: z.number().optional(),
  contact_status_ids: z.array(z.number()).default([]),
});
export type FreshsalesLifecycleStage = z.infer<typeof FreshsalesLifecycleStage>;

export const FreshsalesContactStatus = z.looseObject({
  id: z.number(),
  name: z.string(),
  position: z.number().optional(),
  lifecycle_stage_id: z.number().nullable().optional(),
});
export type FreshsalesContactStatus = z.infer<typeof FreshsalesContactStatus>;

export const SelectorItem = z.looseObject({ id: Id });
export type SelectorItem = z.infer<typeof SelectorItem>;

export const FreshsalesRecord = z.looseObject({ id: z.number() });
export type FreshsalesRecord = z.infer<typeof FreshsalesRecord>;

export const BulkUpsertAccepted = z.looseObject({ job_status_url: z.string().regex(/\/job_statuses\/\d+\/?$/, 'a URL ending in /job_statuses/<id>') });

export const FreshsalesJobStatus = z.looseObject({
  id: Id.optional(),
  /** The sandbox says queued, in_progress or completed; the real values are undocumented. */
  status: z.string(),
  progress: z.number().optional(),
  data: z.unknown().optional(),
});
export type FreshsalesJobStatus = z.infer<typeof FreshsalesJobStatus>;
