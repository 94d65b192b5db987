import { createFreshsalesDestination, type FreshsalesDestinationOptions } from '../../../src/runner/destinations/freshsales/destination.ts';
import type { DestinationSession, LoadRecord, RateBudget } from '../../../src/runner/protocol.ts';
import { startTestSandbox, type TestSandbox } from '../../sandbox/helpers.ts';

type StartOptions = Parameters<typeof startTestSandbox>[0];

/** Provenance and test fields, as a migration engineer creates them before a run. */
export const SEED = {
  fields: [
    { entity: 'contacts', label: 'Ferry source id', type: 'text' as const },
    { entity: 'contacts', label: 'Segment', type: 'dropdown' as const, choices: ['Gold', 'Silver'] },
    { entity: 'sales_accounts', label: 'Ferry source id', type: 'text' as const },
    { entity: 'deals', label: 'Ferry source id', type: 'text' as const },
  ],
};

/** A sandbox with Ferry's provenance fields (Pro plan unless told otherwise). */
export const startDestinationSandbox = (options: StartOptions = {}) => startTestSandbox({ plan: 'pro', seed: SEED, ...options });

/** Sleeps on the sandbox's clock: moves it at once, so jobs progress and rate windows turn without real waiting. */
export const clockSleep = (sb: TestSandbox) => async (ms: number, signal?: AbortSignal) => {
  signal?.throwIfAborted();
  sb.clock.advance(ms);
};

/** Every call a session makes (method and path, without the query), for counting. */
export function recordingFetch(log: string[], rewrite?: (path: string, body: unknown) => unknown): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input));
    log.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    const res = await fetch(input, init);
    if (!rewrite || !res.ok) return res;
    const body = rewrite(url.pathname, await res.json());
    return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
  };
}

export interface SessionOptions extends FreshsalesDestinationOptions {
  edition?: 'suite' | 'classic';
  apiKey?: string;
  budget?: RateBudget;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** A Freshsales destination session against the sandbox, on its clock. */
export function openSession(sb: TestSandbox, options: SessionOptions = {}): DestinationSession {
  const { edition = 'suite', apiKey = sb.apiKey, budget, fetch: f = fetch, signal = new AbortController().signal, ...tuning } = options;
  const destination = createFreshsalesDestination({ msPerRecord: 20, ...tuning });
  const config = destination.configSchema.parse({ kind: 'freshsales', baseUrl: edition === 'suite' ? sb.suiteBaseUrl : sb.classicBaseUrl, apiKey, plan: 'pro' });
  return destination.open(config, { signal, fetch: f, now: sb.clock.now, sleep: clockSleep(sb), log: () => {}, budget });
}

/** Contacts keyed by email, one per name. */
export const contactRecords = (names: string[], data: (name: string) => Record<string, unknown> = () => ({})): LoadRecord[] =>
  names.map((n) => ({ sourceKey: `contact:${n}`, identifier: { emails: `${n}@example.com` }, data: { first_name: n, ...data(n) } }));

let batchSeq = 0;
export const batchOf = (entity: 'contacts' | 'sales_accounts' | 'deals', records: LoadRecord[]) => ({ key: `batch-${++batchSeq}`, entity, records });

/** Every record a snapshot yields, flattened, with the page sizes. */
export async function collect(pages: AsyncIterable<Array<Record<string, unknown> & { id: number | string }>>) {
  const sizes: number[] = [];
  const records: Array<Record<string, unknown> & { id: number | string }> = [];
  for await (const page of pages) {
    sizes.push(page.length);
    records.push(...page);
  }
  return { sizes, records };
}
