import type { ConnectorCtx } from '../../protocol.ts';
import { readRateLimit } from './rate-limit.ts';

/**
 * The run's fetch with the account's budget in front: each call first waits its turn, then reports what the answer said
 * about the budget (a 429 included), or that no answer came. The call's own timeout starts once it may go: the client's
 * signal starts before the wait, which can last until the hour turns, so it is replaced here.
 */
export function budgetedFetch(ctx: ConnectorCtx, timeoutMs: number): typeof fetch {
  return async (input, init) => {
    await ctx.budget?.acquire(ctx.signal);
    let res: Response;
    try {
      res = await ctx.fetch(input, { ...init, signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]) });
    } catch (e) {
      ctx.budget?.observe(null, false);
      throw e;
    }
    ctx.budget?.observe(readRateLimit(res.headers, ctx.now()), res.status === 429);
    return res;
  };
}
