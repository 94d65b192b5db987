import { withRetry } from '../../pipeline/retry.ts';
import type { ConnectorCtx, RateBudget } from '../../protocol.ts';
import { encodeForm, type FormValue } from './form-body.ts';
import { KartraError, type LeadMissing } from './kartra-error.ts';

export interface KartraCredentials {
  appId: string;
  apiKey: string;
  apiPassword: string;
}

export interface KartraClientOptions {
  /** Attempts per call for dropped connections, 5xx and unreadable answers (429s wait on the budget instead). */
  attempts: number;
  /** First backoff; it doubles with each attempt, with jitter. */
  backoffMs: number;
  /** 429s in a row on one call before giving up. */
  maxThrottled: number;
  timeoutMs: number;
}

export const DEFAULT_KARTRA_CLIENT_OPTIONS: KartraClientOptions = { attempts: 6, backoffMs: 500, maxThrottled: 30, timeoutMs: 30_000 };

export type KartraAnswer = Record<string, unknown>;

export interface KartraClient {
  /** `get_lead[email]=…`: the lead_details object, or why Kartra has no live lead with that email. */
  getLead(email: string): Promise<{ lead: KartraAnswer } | { missing: LeadMissing }>;
  /** One command (`actions[0][cmd]`) on the lead with `email`, or on the account when `email` is null: the command's answer. */
  action(cmd: string, email: string | null, params?: Record<string, FormValue>): Promise<KartraAnswer>;
}

const isObject = (v: unknown): v is KartraAnswer => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Kartra's Inbound API: form POSTs to one endpoint, every call through the app's FIFO budget. A 429 tells the budget,
 * which pauses every caller for a second, and the call goes again; dropped connections, 5xx and unreadable answers
 * retry with backoff; an answer whose status is "Error" becomes a KartraError naming the command and the type code.
 */
export function createKartraClient(
  baseUrl: string,
  credentials: KartraCredentials,
  budget: RateBudget,
  ctx: Pick<ConnectorCtx, 'fetch' | 'sleep' | 'signal'>,
  options: KartraClientOptions = DEFAULT_KARTRA_CLIENT_OPTIONS,
): KartraClient {
  const auth = { app_id: credentials.appId, api_key: credentials.apiKey, api_password: credentials.apiPassword };

  /** One answer's JSON, past any 429s; throws a retryable KartraError for what a retry may fix. */
  async function post(command: string, body: URLSearchParams): Promise<unknown> {
    for (let throttled = 0; ; throttled++) {
      await budget.acquire(ctx.signal);
      let res: Response;
      try {
        res = await ctx.fetch(baseUrl, { method: 'POST', body, signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(options.timeoutMs)]) });
      } catch (e) {
        budget.observe(null, false);
        ctx.signal.throwIfAborted();
        throw new KartraError(command, null, `Kartra ${command}: no answer (${e instanceof Error ? e.message : String(e)})`, true);
      }
      budget.observe(null, res.status === 429);
      if (res.status === 429) {
        await res.body?.cancel().catch(() => {});
        if (throttled + 1 >= options.maxThrottled) throw new KartraError(command, null, `Kartra ${command}: still throttled (HTTP 429) after ${options.maxThrottled} tries`);
        continue;
      }
      const text = await res.text().catch((e: unknown) => {
        throw new KartraError(command, null, `Kartra ${command}: the answer broke off (${e instanceof Error ? e.message : String(e)})`, true);
      });
      if (res.status >= 500) throw new KartraError(command, null, `Kartra ${command}: HTTP ${res.status}`, true);
      if (res.status !== 200) throw new KartraError(command, null, `Kartra ${command}: unexpected HTTP ${res.status}`);
      try {
        return JSON.parse(text);
      } catch {
        throw new KartraError(command, null, `Kartra ${command}: the answer is not JSON (HTTP 200, ${text.length} bytes)`, true);
      }
    }
  }

  /** The answer of one command: a flat envelope, or the first entry of a chained call's `actions` list. */
  async function call(command: string, fields: Record<string, FormValue>): Promise<KartraAnswer> {
    const body = encodeForm({ ...auth, ...fields });
    const answer = await withRetry(() => post(command, body), { attempts: options.attempts, baseMs: options.backoffMs, sleep: ctx.sleep, signal: ctx.signal });
    if (!isObject(answer)) throw new KartraError(command, null, `Kartra ${command}: the answer is not a JSON object`);
    if (answer.status === 'Error') throw KartraError.fromEnvelope(command, answer);
    const chained = Array.isArray(answer.actions) && isObject(answer.actions[0]) ? answer.actions[0][command] : undefined;
    const result = isObject(chained) ? chained : answer;
    if (result.status === 'Error') throw KartraError.fromEnvelope(command, result);
    if (result.status !== 'Success') throw new KartraError(command, null, `Kartra ${command}: the answer has no status Success or Error`);
    return result;
  }

  return {
    async getLead(email) {
      try {
        const answer = await call('get_lead', { get_lead: { email } });
        if (!isObject(answer.lead_details)) throw new KartraError('get_lead', null, 'Kartra get_lead: the answer has no lead_details object');
        return { lead: answer.lead_details };
      } catch (e) {
        const missing = e instanceof KartraError ? e.missingLead : null;
        if (missing) return { missing };
        throw e;
      }
    },
    action(cmd, email, params = {}) {
      return call(cmd, { ...(email === null ? {} : { lead: { email } }), actions: [{ cmd, ...params }] });
    },
  };
}
