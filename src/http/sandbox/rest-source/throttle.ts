/** Calls per window, as an API gateway throttles a tenant. */
export interface Throttle {
  calls: number;
  perSeconds: number;
}

/**
 * A fixed window aligned to the epoch (as the runner's budget counts it). Over the limit the answer is how many whole
 * seconds to wait: what a 429's Retry-After says.
 */
export function createThrottle(now: () => number, initial: Throttle | null) {
  let limit = initial;
  let start = Number.NaN;
  let count = 0;
  return {
    set(next: Throttle | null) {
      limit = next;
      count = 0;
      start = Number.NaN;
    },
    /** Counts one call; null when it may go, else the seconds until the window turns. */
    take(): number | null {
      if (!limit) return null;
      const t = now();
      const length = limit.perSeconds * 1000;
      const windowStart = Math.floor(t / length) * length;
      if (windowStart !== start) [start, count] = [windowStart, 0];
      if (count >= limit.calls) return Math.max(1, Math.ceil((start + length - t) / 1000));
      count++;
      return null;
    },
  };
}
