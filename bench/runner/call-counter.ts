/** What a Freshsales API call was for, from its method and path. */
export type CallKind = 'bulk_upsert' | 'upsert' | 'job_status' | 'list' | 'lookup' | 'other';

function kindOf(method: string, path: string): CallKind {
  if (method === 'POST' && path.endsWith('/bulk_upsert')) return 'bulk_upsert';
  if (method === 'POST' && path.endsWith('/upsert')) return 'upsert';
  if (path.includes('/job_statuses/')) return 'job_status';
  if (/\/view\/[^/]+$/.test(path)) return 'list';
  if (path.endsWith('/lookup')) return 'lookup';
  return 'other';
}

export interface CallRecord {
  kind: CallKind;
  /** Wall-clock time the answer came, epoch ms. */
  at: number;
  status: number;
}

/**
 * Wraps the runner's fetch (what its budget lets calls through to) and records every call that got an answer: the
 * sandbox's /_sandbox/calls says how many calls there were, this says what each was for and when it was answered.
 */
export function countingFetch(inner: typeof fetch = globalThis.fetch) {
  const calls: CallRecord[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const res = await inner(input, init);
    calls.push({ kind: kindOf(method, new URL(url).pathname), at: Date.now(), status: res.status });
    return res;
  };
  return { fetch: fetchImpl, calls };
}
