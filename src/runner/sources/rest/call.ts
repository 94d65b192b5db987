import type { RateBudget } from '../../protocol.ts';
import { withRetry } from '../../pipeline/retry.ts';
import { RestSourceError, TokenExpired } from './rest-error.ts';

export interface CallOptions {
  fetch: typeof fetch;
  now: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  budget: RateBudget;
  /** Jitter for the backoff: seeded in tests. */
  random: () => number;
  attempts: number;
  baseDelayMs: number;
  timeoutMs: number;
  /** The status an expired token gets (token auth only). */
  expiredStatus?: number;
}

/** 429s in a row for one call before giving up: each already waits out its Retry-After on the shared budget. */
const MAX_THROTTLED = 20;

/** Seconds or an HTTP date; null when absent or unreadable. */
function retryAfter(value: string | null, now: Date): Date | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return new Date(now.getTime() + seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at);
}

async function reasonOf(res: Response): Promise<string> {
  const text = (await res.text().catch(() => '')).replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 200) : res.statusText || 'no message';
}

/**
 * One API call as JSON: waits for the account's budget, honours 429 + Retry-After (every caller of the budget pauses),
 * and retries 5xx answers, timeouts, dropped connections and cut-off bodies with exponential backoff and jitter. The
 * final error names the endpoint (a template: URLs may carry a token or password) and the last status.
 */
export async function callJson(endpoint: string, url: URL, init: RequestInit, o: CallOptions): Promise<unknown> {
  let attempts = 0;
  const once = async (): Promise<unknown> => {
    attempts++;
    for (let throttled = 0; ; throttled++) {
      await o.budget.acquire(o.signal);
      let res: Response;
      try {
        res = await o.fetch(url, { ...init, signal: AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs)]) });
      } catch (e) {
        o.budget.observe(null, false);
        if (o.signal.aborted) throw o.signal.reason;
        const timedOut = e instanceof Error && e.name === 'TimeoutError';
        throw new RestSourceError(endpoint, null, timedOut ? `no answer within ${o.timeoutMs} ms` : 'the connection failed', true, { cause: e });
      }
      if (res.status === 429) {
        const resetAt = retryAfter(res.headers.get('retry-after'), o.now());
        o.budget.observe({ limit: null, remaining: 0, resetAt }, true);
        await res.body?.cancel().catch(() => {});
        if (throttled + 1 >= MAX_THROTTLED) throw new RestSourceError(endpoint, 429, `still throttled after ${MAX_THROTTLED} waits`, false);
        continue;
      }
      o.budget.observe(null, false);
      if (o.expiredStatus !== undefined && res.status === o.expiredStatus) {
        await res.body?.cancel().catch(() => {});
        throw new TokenExpired(endpoint, res.status);
      }
      if (!res.ok) throw new RestSourceError(endpoint, res.status, await reasonOf(res), res.status >= 500);
      try {
        return await res.json();
      } catch (e) {
        if (o.signal.aborted) throw o.signal.reason;
        // A body cut off mid-way (a dropped connection) reads as bad JSON too: try again.
        throw new RestSourceError(endpoint, res.status, 'the answer is not complete JSON', true, { cause: e });
      }
    }
  };
  try {
    return await withRetry(once, { attempts: o.attempts, baseMs: o.baseDelayMs, sleep: o.sleep, signal: o.signal, random: o.random });
  } catch (e) {
    if (e instanceof RestSourceError && e.retryable)
      throw new RestSourceError(e.endpoint, e.status, `${e.reason} (gave up after ${attempts} attempts)`, false, { cause: e });
    throw e;
  }
}
