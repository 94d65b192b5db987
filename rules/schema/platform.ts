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

/**
 * Freshsales editions: Suite (<alias>.myfreshworks.com/crm/sales) and Classic (<domain>.freshsales.io). The one list
 * behind the scope's db column, its zod schemas and the objects that exist on one edition only (Classic's leads).
 */
export const FRESHSALES_EDITIONS = ['suite', 'classic'] as const;
export const Edition = z.enum(FRESHSALES_EDITIONS);
export type Edition = z.infer<typeof Edition>;

const Field = <T extends readonly [string, ...string[]]>(types: T) =>
  z.strictObject({
    id: z.string().min(1),
    label: z.string().min(1),
    type: z.enum(types),
    required: z.boolean().optional(),
    choices: z.array(z.string()).optional(),
    notes: z.string().optional(),
    /**
     * A multi-value field whose items name records of another object of the platform that this record belongs to
     * (a Kartra contact's lists): proposed as memberships where the destination has that kind of object.
     */
    membershipOf: Id.optional(),
  });

const PlatformObject = <T extends readonly [string, ...string[]]>(types: T) =>
  z.strictObject({
    id: Id,
    label: z.string().min(1),
    description: z.string().min(10),
    keyFields: z.array(z.string().min(1)).min(1),
    /**
     * For an object whose export holds the records of several objects the customer defined themselves (custom objects
     * in one file): the field naming the object each record belongs to. A destination with custom modules keeps one
     * module per name.
     */
    recordTypeField: z.string().min(1).optional(),
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

const Name = z.string().min(1);
/** A path under the base URL: starts with '/', may hold {credential} placeholders (login) filled in and URL-encoded. */
const UrlPath = z.string().regex(/^\/\S*$/, "a path starting with '/' and without spaces");

/** How the generic REST source signs in; each kind names the config credentials it needs. */
export const RestAuth = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('token'),
    /** Credential names the login path/body refers to as {name}. */
    credentials: z.array(Name).min(1),
    login: z.strictObject({ method: z.enum(['GET', 'POST']), path: UrlPath }),
    /** Field of the login answer holding the token. */
    tokenField: Name,
    /** A login answer is HTTP 200 either way; this field says whether it worked. */
    status: z.strictObject({ field: Name, success: z.union([z.string(), z.number()]) }).optional(),
    /** How long a token lives: declared so the emulator expires it; the source re-logs in on an expiry answer anyway. */
    ttlSeconds: z.number().int().positive(),
    /** The HTTP status an expired or unknown token gets. */
    expiredStatus: z.number().int().min(400).max(499),
    send: z.strictObject({ in: z.enum(['query', 'header']), name: Name, prefix: z.string().optional() }),
  }),
  z.strictObject({ kind: z.literal('api_key_header'), header: Name, credential: Name }),
  z.strictObject({ kind: z.literal('basic'), username: Name, password: Name }),
]);
export type RestAuth = z.infer<typeof RestAuth>;

/** Query parameters and answer fields of one pagination kind; the kind must be the channel's pagination kind. */
export const RestPagination = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('offset'), offsetParam: Name, limitParam: Name, recordsField: Name }),
  z.strictObject({ kind: z.literal('page'), pageParam: Name, sizeParam: Name, firstPage: z.union([z.literal(0), z.literal(1)]), recordsField: Name }),
  z.strictObject({ kind: z.literal('cursor'), cursorParam: Name, sizeParam: Name, recordsField: Name, nextField: Name }),
]);
export type RestPagination = z.infer<typeof RestPagination>;

/**
 * The contract the generic REST source reads by (src/runner/sources/rest) and its emulator serves
 * (src/http/sandbox/rest-source). Records carry the object's field ids as keys, plus custom fields under their own names.
 */
export const RestDeclaration = z.strictObject({
  /** False while the contract is Ferry's declaration rather than the vendor's documentation. */
  confirmed: z.boolean(),
  notes: z.string().min(10),
  auth: RestAuth,
  pagination: RestPagination,
  /** Query parameter asking only for records changed after an ISO-8601 instant; null when the API has none. */
  incremental: z.strictObject({ param: Name }).nullable(),
  /** Per source object: its list path and the field the incremental filter compares (absent: that object is always read whole). */
  endpoints: z.record(Name, z.strictObject({ path: UrlPath, cursorField: Name.optional() })).refine((e) => Object.keys(e).length > 0, 'at least one endpoint'),
  /** Pages fetched at once by one read, all drawing on the account's one rate budget. */
  workers: z.number().int().min(1).max(16),
  /** The throttle assumed when the channel's rateLimit is null (nothing published): a deliberately low pace. */
  assumedRateLimit: z.strictObject({ calls: z.number().int().positive(), perSeconds: z.number().int().positive() }),
  /** Retryable failures (5xx, timeouts, dropped connections): attempts per call, exponential backoff with jitter. */
  retry: z.strictObject({ attempts: z.number().int().min(1).max(20), baseDelayMs: z.number().int().positive(), timeoutMs: z.number().int().positive() }),
});
export type RestDeclaration = z.infer<typeof RestDeclaration>;

export const ApiChannel = z
  .strictObject({
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
    /** Present when the generic REST source can read this platform: a conventional API needs this, not code. */
    rest: RestDeclaration.optional(),
  })
  .superRefine((api, ctx) => {
    if (!api.rest) return;
    if (api.rest.pagination.kind !== api.pagination.kind)
      ctx.addIssue({ code: 'custom', path: ['rest', 'pagination', 'kind'], message: `must be the channel's pagination kind "${api.pagination.kind}"` });
    const auth = { token: 'token', api_key_header: 'api_token_header', basic: 'basic' } as const;
    if (auth[api.rest.auth.kind] !== api.auth)
      ctx.addIssue({ code: 'custom', path: ['rest', 'auth', 'kind'], message: `does not fit the channel's auth "${api.auth}"` });
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
  /**
   * Other forms amounts take in the same exports (a second locale, e.g. '1.299,00 €' beside '$1,299.00'): the runner
   * reads a value in one of them when only that form reads it, and refuses a value two forms read differently.
   */
  otherAmountFormats: z.array(z.string().min(1)).optional(),
  requestLeadDays: z.strictObject({ min: z.number().nonnegative(), max: z.number().nonnegative() }).optional(),
  files: z.array(ExportFile),
  /**
   * Steps people take outside Ferry before a run can read the exports (asking the vendor for them, checking the
   * delivery). A run tracks each one and waits, paused, until an engineer marks them done.
   */
  manualSteps: z.array(z.strictObject({ id: Id, title: z.string().min(3), description: z.string().min(10) })).optional(),
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
}).superRefine((p, ctx) => {
  // The REST declaration's endpoints name objects of this platform.
  const known = new Set(p.objects.map((o) => o.id));
  for (const object of Object.keys(p.channels.api?.rest?.endpoints ?? {}))
    if (!known.has(object))
      ctx.addIssue({ code: 'custom', path: ['channels', 'api', 'rest', 'endpoints', object], message: `names no object of ${p.id} (known: ${[...known].join(', ')})` });
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
    /** Static contact lists through the API (/lists): without them, list memberships go into a multi-select contact field. */
    contactLists: z.boolean(),
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
      /** The editions that have this object; absent, every edition has it. */
      editions: z.array(Edition).min(1).optional(),
      /**
       * Objects that hold other records as members (a contact list): which object's records, and how many record ids
       * one add or remove call carries (`confirmed` false while that is Ferry's choice rather than a documented limit).
       */
      members: z.strictObject({ object: Id, perCall: z.number().int().positive(), confirmed: z.boolean() }).optional(),
    }),
  ).min(1),
  channels: z.strictObject({ api: ApiChannel }),
  plans: z.array(Plan).length(PLAN_IDS.length),
});

export const Platform = z.discriminatedUnion('role', [SourcePlatform, DestinationPlatform]);
export type SourcePlatform = z.infer<typeof SourcePlatform>;
export type DestinationPlatform = z.infer<typeof DestinationPlatform>;
export type Platform = z.infer<typeof Platform>;
