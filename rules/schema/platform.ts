import { z } from 'zod';
import { Gotcha, Id } from './common.ts';

/** Types of source fields; the same vocabulary discovery infers from export files. */
export const SOURCE_FIELD_TYPES = [
  'id', 'text', 'textarea', 'number', 'money', 'date', 'datetime', 'boolean',
  'email', 'phone', 'url', 'picklist', 'multi_value', 'reference',
] as const;

/** Freshsales field `type` strings as its field-settings endpoints report them. */
export const FRESHSALES_FIELD_TYPES = [
  'text', 'textarea', 'number', 'date', 'date_time_split', 'dropdown', 'multi_select_dropdown',
  'checkbox', 'auto_complete', 'lookup', 'email', 'phone_number', 'url', 'radio', 'formula', 'group_field',
] as const;

export const PLAN_IDS = ['growth', 'pro', 'enterprise'] as const;
export const PlanId = z.enum(PLAN_IDS);
export type PlanId = z.infer<typeof PlanId>;

const Field = <T extends readonly [string, ...string[]]>(types: T) =>
  z.strictObject({
    id: z.string().min(1),
    label: z.string().min(1),
    type: z.enum(types),
    required: z.boolean().optional(),
    choices: z.array(z.string()).optional(),
    notes: z.string().optional(),
  });

const PlatformObject = <T extends readonly [string, ...string[]]>(types: T) =>
  z.strictObject({
    id: Id,
    label: z.string().min(1),
    description: z.string().min(10),
    keyFields: z.array(z.string().min(1)).min(1),
    fields: z.array(Field(types)).min(1),
  });

export const AUTH_KINDS = ['token', 'api_token_header', 'form_credentials', 'basic', 'oauth2', 'none'] as const;
export const PAGINATION_KINDS = ['page', 'offset', 'cursor', 'single_record', 'none'] as const;

export const RateLimit = z.strictObject({
  calls: z.number().int().positive(),
  perSeconds: z.number().int().positive(),
  scope: z.enum(['account', 'app', 'tenant', 'user']),
  confirmed: z.boolean(),
});

export const ApiChannel = z.strictObject({
  available: z.literal(true),
  documented: z.boolean(),
  baseUrl: z.string().min(1),
  auth: z.enum(AUTH_KINDS),
  pagination: z.strictObject({
    kind: z.enum(PAGINATION_KINDS),
    pageSize: z.number().int().positive(),
    confirmed: z.boolean(),
  }),
  rateLimit: RateLimit.nullable(),
  bulkRead: z.boolean(),
  notes: z.string(),
});

export const ExportFile = z.strictObject({
  object: Id,
  names: z.array(z.string().min(1)).min(1),
  headerAliases: z.record(z.string(), z.array(z.string())).optional(),
});

export const ExportChannel = z.strictObject({
  available: z.boolean(),
  how: z.string().min(10),
  formats: z.array(z.enum(['csv', 'xlsx', 'json', 'ndjson'])).min(1),
  delimiter: z.string().min(1).max(1),
  encoding: z.enum(['utf-8', 'windows-1252', 'utf-8-or-windows-1252']),
  dateFormats: z.array(z.string()).min(1),
  timeZone: z.string().min(1),
  multiValueSeparator: z.string().min(1).optional(),
  amountFormat: z.string().optional(),
  requestLeadDays: z.strictObject({ min: z.number().nonnegative(), max: z.number().nonnegative() }).optional(),
  files: z.array(ExportFile),
});

const PlatformBase = {
  id: Id,
  name: z.string().min(1),
  category: z.enum(['crm']),
  summary: z.string().min(20),
  gotchas: z.array(Gotcha).min(1),
};

export const SourcePlatform = z.strictObject({
  ...PlatformBase,
  role: z.literal('source'),
  objects: z.array(PlatformObject(SOURCE_FIELD_TYPES)).min(1),
  channels: z.strictObject({
    api: ApiChannel.nullable(),
    export: ExportChannel,
  }),
});

export const Plan = z.strictObject({
  id: PlanId,
  label: z.string(),
  apiCallsPerHour: z.number().int().positive(),
  apiCallsPerMinute: z.number().int().positive(),
  bulkUpsertSize: z.number().int().positive(),
  customFieldQuota: z.strictObject({
    total: z.number().int().nonnegative(),
    byType: z.record(z.string(), z.number().int().nonnegative()),
  }),
  fileSizeLimitMb: z.number().positive(),
  storagePerUserGb: z.number().positive(),
  features: z.strictObject({
    customModules: z.boolean(),
    productCatalog: z.boolean(),
    multiplePipelines: z.boolean(),
    customSalesActivityTypes: z.boolean(),
  }),
});
export type Plan = z.infer<typeof Plan>;

export const DestinationPlatform = z.strictObject({
  ...PlatformBase,
  role: z.literal('destination'),
  objects: z.array(
    PlatformObject(FRESHSALES_FIELD_TYPES).extend({
      /** How records of this object are written: bulk upsert (many per call) or one call per record. */
      write: z.enum(['bulk_upsert', 'per_record', 'not_via_api']),
      endpoint: z.string().nullable(),
      minPlan: PlanId.optional(),
    }),
  ).min(1),
  channels: z.strictObject({ api: ApiChannel }),
  plans: z.array(Plan).length(PLAN_IDS.length),
});

export const Platform = z.discriminatedUnion('role', [SourcePlatform, DestinationPlatform]);
export type SourcePlatform = z.infer<typeof SourcePlatform>;
export type DestinationPlatform = z.infer<typeof DestinationPlatform>;
export type Platform = z.infer<typeof Platform>;
