import { z } from 'zod';
import { apiRoot, checkApiKey, type FreshsalesConfig } from './config.ts';
import { codeForStatus, FreshsalesError } from './errors.ts';
import { readRateLimit, type FreshsalesRateLimit } from './rate-limit.ts';
import {
  BulkUpsertAccepted, FreshsalesContactStatus, FreshsalesField, FreshsalesJobStatus, FreshsalesLifecycleStage, FreshsalesPipeline,
  FreshsalesRecord, FreshsalesUser, SelectorItem,
} from './schemas.ts';

export type FieldSettingsEntity = 'contacts' | 'sales_accounts' | 'deals' | 'sales_activities' | 'leads';
/**
 * Entities listed through views and removed by delete/forget; written through create/upsert/bulk upsert (leads, on
 * Classic only, through create and update alone: Freshsales documents no upsert for them).
 */
export type RecordEntity = 'contacts' | 'sales_accounts' | 'deals' | 'leads';
/** Records hanging off a contact, account or deal: created, read, updated and deleted by id (no upsert, views or forget). */
export type ActivityCollection = 'tasks' | 'appointments' | 'sales_activities' | 'notes';
export type CrudEntity = RecordEntity | ActivityCollection;

const SINGULAR: Record<CrudEntity, string> = {
  contacts: 'contact', sales_accounts: 'sales_account', deals: 'deal', leads: 'lead',
  tasks: 'task', appointments: 'appointment', sales_activities: 'sales_activity', notes: 'note',
};

/** Records one bulk upsert call may carry. */
export const BULK_UPSERT_MAX = 100;

/** Records per page of a view: the API's most. */
export const VIEW_PAGE_MAX = 100;

/** A saved view (GET /<entity>/filters): contacts, accounts and deals can only be listed through one. */
export const FreshsalesView = z.looseObject({ id: z.union([z.number(), z.string()]), name: z.string() });
export type FreshsalesView = z.infer<typeof FreshsalesView>;

export interface FreshsalesDeps {
  fetch: typeof fetch;
  now?: () => Date;
  /** Per call; default 30 s. */
  timeoutMs?: number;
}

export interface BulkUpsertItem {
  /** One key naming the record: {emails: "a@b.c"}, {name: "Acme"}, {id: 123} or a unique cf_ field. */
  identifier: Record<string, string | number>;
  data: Record<string, unknown>;
}

export interface FreshsalesClient {
  /** The API root calls go to, e.g. https://acme.myfreshworks.com/crm/sales/api. */
  readonly apiRoot: string;
  fieldSettings(entity: FieldSettingsEntity): Promise<FreshsalesField[]>;
  /** Any /selector/<name> list; items are checked to carry an id, the rest is the caller's to interpret. */
  selector<T extends SelectorItem = SelectorItem>(name: string): Promise<T[]>;
  owners(): Promise<FreshsalesUser[]>;
  pipelines(): Promise<FreshsalesPipeline[]>;
  lifecycleStages(): Promise<FreshsalesLifecycleStage[]>;
  contactStatuses(): Promise<FreshsalesContactStatus[]>;
  /** The budget the last answer reported, or null before the first answer that carried the headers. */
  rateLimit(): FreshsalesRateLimit | null;

  create(entity: CrudEntity, data: Record<string, unknown>): Promise<FreshsalesRecord>;
  get(entity: CrudEntity, id: number): Promise<FreshsalesRecord>;
  update(entity: CrudEntity, id: number, data: Record<string, unknown>): Promise<FreshsalesRecord>;
  /** The activities of one kind hanging off a record (GET /<entity>/<id>?include=<activities>): notes have no list of their own. */
  related(entity: RecordEntity, id: number, activities: ActivityCollection): Promise<FreshsalesRecord[]>;
  /** created is true when the answer was 201 (the sandbox's convention; the real rule is undocumented). */
  upsert(entity: RecordEntity, identifier: Record<string, string | number>, data: Record<string, unknown>): Promise<{ record: FreshsalesRecord; created: boolean }>;
  bulkUpsert(entity: RecordEntity, items: BulkUpsertItem[]): Promise<{ jobId: string; jobStatusUrl: string }>;
  jobStatus(jobId: string): Promise<FreshsalesJobStatus>;
  /** Soft delete: the record goes to the recycle bin (activities have none: they are gone). */
  delete(entity: CrudEntity, id: number): Promise<void>;
  /** Permanent removal, from the live list or the recycle bin. */
  forget(entity: RecordEntity, id: number): Promise<void>;

  views(entity: RecordEntity): Promise<FreshsalesView[]>;
  /** One page (from 1) of a view, VIEW_PAGE_MAX records, oldest first: records created meanwhile land on later pages. */
  view(entity: RecordEntity, viewId: number | string, page: number): Promise<{ records: FreshsalesRecord[]; totalPages: number }>;
  /** Exact-match search among live records (GET /lookup): field is email, name, mobile_number or a cf_ field. */
  lookup(entity: RecordEntity, field: string, value: string): Promise<FreshsalesRecord[]>;
  /** Any other endpoint (the product catalogue under /cpq, document uploads as a FormData body): one call, validated against `schema`, failing like the rest. */
  request<T>(call: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; query?: Record<string, string>; body?: unknown; schema: z.ZodType<T> }): Promise<T>;
}

interface Call<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  schema: z.ZodType<T>;
}

const listOf = <T>(key: string, item: z.ZodType<T>) => z.looseObject({ [key]: z.array(item) }).transform((b) => b[key] as T[]);
const wrapped = (key: string) => z.looseObject({ [key]: FreshsalesRecord }).transform((b) => b[key] as FreshsalesRecord);

/** A Freshsales API client over an injected fetch (runtime-neutral). Every answer is validated; every failure is a FreshsalesError. */
export function createFreshsalesClient(config: FreshsalesConfig, deps: FreshsalesDeps): FreshsalesClient {
  const root = apiRoot(config.baseUrl);
  checkApiKey(config.apiKey);
  const now = deps.now ?? (() => new Date());
  const timeoutMs = deps.timeoutMs ?? 30_000;
  let lastRateLimit: FreshsalesRateLimit | null = null;
  // Belt and braces: an answer that quotes the key back must not carry it into logs.
  const scrub = (text: string) => text.split(config.apiKey).join('[api key]');

  async function call<T>({ method, path, query, body, schema }: Call<T>): Promise<{ data: T; status: number }> {
    const endpoint = `${method} ${new URL(root).pathname}${path}`;
    const url = `${root}${path}${query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
    let res: Response;
    let text: string;
    try {
      res = await deps.fetch(url, {
        method,
        headers: {
          Authorization: `Token token=${config.apiKey}`,
          Accept: 'application/json',
          // A form (a document upload) brings its own multipart Content-Type, boundary included.
          ...(body === undefined || body instanceof FormData ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      const err = e as Error;
      const why = err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}`;
      throw new FreshsalesError('FRESHSALES_UNREACHABLE', scrub(`${endpoint}: ${why}`), 0, { endpoint });
    }
    lastRateLimit = readRateLimit(res.headers, now()) ?? lastRateLimit;

    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const errors = (json as { errors?: { message?: unknown } } | undefined)?.errors?.message;
      const messages = (Array.isArray(errors) ? errors.map(String) : [(json as { message?: unknown } | undefined)?.message ?? text.slice(0, 200)])
        .map((m) => scrub(String(m)))
        .filter(Boolean);
      const code = codeForStatus(res.status);
      throw new FreshsalesError(code, `${endpoint}: ${res.status}${messages.length ? ` ${messages.join('; ')}` : ''}`, res.status, { endpoint, messages });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      throw new FreshsalesError('FRESHSALES_BAD_RESPONSE', `${endpoint}: unexpected response: ${issues.slice(0, 5).join('; ')}`, res.status, { endpoint, issues });
    }
    return { data: parsed.data, status: res.status };
  }
  const data = async <T>(c: Call<T>) => (await call(c)).data;
  const selectorOf = <T>(name: string, item: z.ZodType<T>) =>
    data({ method: 'GET', path: `/selector/${name}`, schema: listOf(name === 'owners' ? 'users' : name, item) });

  return {
    apiRoot: root,
    fieldSettings: (entity) => data({ method: 'GET', path: `/settings/${entity}/fields`, schema: listOf('fields', FreshsalesField) }),
    selector: <T extends SelectorItem>(name: string) => selectorOf(name, SelectorItem) as Promise<T[]>,
    owners: () => selectorOf('owners', FreshsalesUser),
    pipelines: () => selectorOf('deal_pipelines', FreshsalesPipeline),
    lifecycleStages: () => selectorOf('lifecycle_stages', FreshsalesLifecycleStage),
    contactStatuses: () => selectorOf('contact_statuses', FreshsalesContactStatus),
    rateLimit: () => lastRateLimit,

    create: (entity, record) => data({ method: 'POST', path: `/${entity}`, body: { [SINGULAR[entity]]: record }, schema: wrapped(SINGULAR[entity]) }),
    get: (entity, id) => data({ method: 'GET', path: `/${entity}/${id}`, schema: wrapped(SINGULAR[entity]) }),
    update: (entity, id, record) => data({ method: 'PUT', path: `/${entity}/${id}`, body: { [SINGULAR[entity]]: record }, schema: wrapped(SINGULAR[entity]) }),
    related: (entity, id, activities) =>
      data({
        method: 'GET',
        path: `/${entity}/${id}`,
        query: { include: activities },
        // A record with none of them may leave the key out.
        schema: z.looseObject({ [activities]: z.array(FreshsalesRecord).optional() }).transform((b) => (b[activities] as FreshsalesRecord[] | undefined) ?? []),
      }),
    async upsert(entity, identifier, record) {
      const { data: rec, status } = await call({
        method: 'POST',
        path: `/${entity}/upsert`,
        body: { unique_identifier: identifier, [SINGULAR[entity]]: record },
        schema: wrapped(SINGULAR[entity]),
      });
      return { record: rec, created: status === 201 };
    },
    async bulkUpsert(entity, items) {
      if (items.length === 0 || items.length > BULK_UPSERT_MAX) {
        throw new FreshsalesError('FRESHSALES_VALIDATION', `bulk upsert of ${entity}: give 1 to ${BULK_UPSERT_MAX} records, got ${items.length}`, 0);
      }
      const body = { [entity]: items.map((i) => ({ ...i.identifier, data: i.data })) };
      const accepted = await data({ method: 'POST', path: `/${entity}/bulk_upsert`, body, schema: BulkUpsertAccepted });
      return { jobId: /\/job_statuses\/(\d+)\/?$/.exec(accepted.job_status_url)![1]!, jobStatusUrl: accepted.job_status_url };
    },
    jobStatus: (jobId) => data({ method: 'GET', path: `/job_statuses/${encodeURIComponent(jobId)}`, schema: FreshsalesJobStatus }),
    async delete(entity, id) {
      await call({ method: 'DELETE', path: `/${entity}/${id}`, schema: z.unknown() });
    },
    async forget(entity, id) {
      await call({ method: 'DELETE', path: `/${entity}/${id}/forget`, schema: z.unknown() });
    },

    views: (entity) => data({ method: 'GET', path: `/${entity}/filters`, schema: listOf('filters', FreshsalesView) }),
    view: (entity, viewId, page) =>
      data({
        method: 'GET',
        path: `/${entity}/view/${encodeURIComponent(String(viewId))}`,
        query: { page: String(page), per_page: String(VIEW_PAGE_MAX), sort: 'created_at', sort_type: 'asc' },
        schema: z
          .looseObject({ [entity]: z.array(FreshsalesRecord), meta: z.looseObject({ total_pages: z.number().int().min(0) }) })
          .transform((b) => ({ records: b[entity] as FreshsalesRecord[], totalPages: (b.meta as { total_pages: number }).total_pages })),
      }),
    lookup: (entity, field, value) =>
      data({
        method: 'GET',
        path: '/lookup',
        query: { q: value, f: field, entities: SINGULAR[entity] },
        // {"contacts": {"contacts": [...]}}; an entity with no match may be left out.
        schema: z
          .looseObject({ [entity]: z.looseObject({ [entity]: z.array(FreshsalesRecord) }).optional() })
          .transform((b) => ((b[entity] as Record<string, FreshsalesRecord[]> | undefined)?.[entity] ?? [])),
      }),
    request: (c) => data(c),
  };
}
