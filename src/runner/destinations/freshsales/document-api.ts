import { z } from 'zod';
import { apiRoot, checkApiKey, type FreshsalesConfig } from './config.ts';
import { codeForStatus, FreshsalesError } from './errors.ts';

/** A document as Freshsales answers it (the sandbox adds content_type and sha256, which Ferry does not rely on). */
export const FreshsalesDocument = z.looseObject({
  id: z.union([z.number(), z.string()]),
  name: z.string().nullish(),
  file_size: z.union([z.number(), z.string()]).nullish(),
  targetable_type: z.string().nullish(),
  targetable_id: z.union([z.number(), z.string()]).nullish(),
});
export type FreshsalesDocument = z.infer<typeof FreshsalesDocument>;

/** The document endpoints: an upload is multipart, which the JSON client (client.ts) does not speak. */
export interface DocumentApi {
  /** POST /documents with the multipart fields file, file_name, is_shared, targetable_type and targetable_id. */
  upload(form: FormData): Promise<FreshsalesDocument>;
  get(id: number): Promise<FreshsalesDocument>;
  delete(id: number): Promise<void>;
  /** The documents attached to one record (GET /<collection>/<id>/document_associations). */
  associations(collection: string, id: number): Promise<FreshsalesDocument[]>;
}

const wrapped = z.looseObject({ document: FreshsalesDocument }).transform((b) => b.document);
const listed = z.looseObject({ document_associations: z.array(FreshsalesDocument).optional() }).transform((b) => b.document_associations ?? []);

/**
 * Document calls over an injected fetch (the run's budgeted one), failing as the JSON client does: every failure is a
 * FreshsalesError whose code says whether trying again may help, and no message carries the key.
 */
export function createDocumentApi(config: FreshsalesConfig, deps: { fetch: typeof fetch; timeoutMs: number }): DocumentApi {
  const root = apiRoot(config.baseUrl);
  checkApiKey(config.apiKey);
  const scrub = (text: string) => text.split(config.apiKey).join('[api key]');

  async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, schema: z.ZodType<T>, body?: FormData): Promise<T> {
    const endpoint = `${method} ${new URL(root).pathname}${path}`;
    let res: Response;
    let text: string;
    try {
      // No Content-Type of our own for a form: fetch writes the multipart boundary into it.
      res = await deps.fetch(`${root}${path}`, { method, headers: { Authorization: `Token token=${config.apiKey}`, Accept: 'application/json' }, body, signal: AbortSignal.timeout(deps.timeoutMs) });
      text = await res.text();
    } catch (e) {
      const err = e as Error;
      const why = err.name === 'TimeoutError' ? `no answer within ${deps.timeoutMs} ms` : err.message;
      throw new FreshsalesError('FRESHSALES_UNREACHABLE', scrub(`${endpoint}: ${why}`), 0, { endpoint });
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const errors = (json as { errors?: { message?: unknown } } | undefined)?.errors?.message;
      const messages = (Array.isArray(errors) ? errors.map(String) : [text.slice(0, 200)]).map(scrub).filter(Boolean);
      throw new FreshsalesError(codeForStatus(res.status), `${endpoint}: ${res.status}${messages.length ? ` ${messages.join('; ')}` : ''}`, res.status, { endpoint, messages });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      throw new FreshsalesError('FRESHSALES_BAD_RESPONSE', `${endpoint}: unexpected response: ${issues.slice(0, 5).join('; ')}`, res.status, { endpoint, issues });
    }
    return parsed.data;
  }

  return {
    upload: (form) => call('POST', '/documents', wrapped, form),
    get: (id) => call('GET', `/documents/${id}`, wrapped),
    delete: async (id) => void (await call('DELETE', `/documents/${id}`, z.unknown())),
    associations: (collection, id) => call('GET', `/${collection}/${id}/document_associations`, listed),
  };
}
