import type { MiddlewareHandler } from 'hono';
import type { SandboxEnv, SandboxRuntime } from './runtime.ts';
import { SandboxError } from './sandbox-error.ts';

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the reported window resets, epoch milliseconds. */
  resetAt: number;
  window: 'hour' | 'minute';
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * The account's API budget: fixed hourly and per-minute windows, as Freshsales counts per account across all keys.
 * `timeScale` shortens both windows (60 turns an hour into a minute) so benchmarks can exhaust an hour quickly.
 * A refused call does not count against the budget.
 */
export function createRateLimiter(opts: { perHour: number; perMinute: number; timeScale: number; now: () => number }) {
  const windows = {
    hour: { length: HOUR / opts.timeScale, limit: opts.perHour, start: -1, count: 0 },
    minute: { length: MINUTE / opts.timeScale, limit: opts.perMinute, start: -1, count: 0 },
  };
  return {
    hit(): RateLimitResult {
      const t = opts.now();
      for (const w of Object.values(windows)) {
        const start = Math.floor(t / w.length) * w.length;
        if (start !== w.start) Object.assign(w, { start, count: 0 });
      }
      const allowed = windows.hour.count < windows.hour.limit && windows.minute.count < windows.minute.limit;
      if (allowed) {
        windows.hour.count++;
        windows.minute.count++;
      }
      // Report the window closest to exhaustion, so the headers show what will refuse the next call.
      const left = (w: typeof windows.hour) => w.limit - w.count;
      const name = left(windows.minute) < left(windows.hour) ? 'minute' : 'hour';
      const w = windows[name];
      return { allowed, limit: w.limit, remaining: Math.max(0, left(w)), resetAt: w.start + w.length, window: name };
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** Counts the call, sets x-ratelimit-limit/-remaining/-reset (reset in epoch seconds) and refuses with 429, no Retry-After. */
export const enforceRateLimit =
  (rt: SandboxRuntime): MiddlewareHandler<SandboxEnv> =>
  async (c, next) => {
    const r = rt.limiter.hit();
    rt.calls.record(!r.allowed);
    c.header('x-ratelimit-limit', String(r.limit));
    c.header('x-ratelimit-remaining', String(r.remaining));
    c.header('x-ratelimit-reset', String(Math.ceil(r.resetAt / 1000)));
    if (!r.allowed) throw new SandboxError(429, [`API rate limit exceeded: ${r.limit} calls per ${r.window}`]);
    await next();
  };
