/** The budget as the last answer reported it. Any part may be null when the header was missing. */
export interface FreshsalesRateLimit {
  limit: number | null;
  remaining: number | null;
  resetAt: Date | null;
}

const int = (v: string | null) => (v !== null && /^\d+$/.test(v.trim()) ? Number(v) : null);

/**
 * x-ratelimit-limit / -remaining / -reset. The unit of -reset is undocumented: large values are read as an epoch
 * (milliseconds or seconds), small ones as seconds from now. Null when the answer carried none of the three.
 */
export function readRateLimit(headers: Headers, now: Date): FreshsalesRateLimit | null {
  const limit = int(headers.get('x-ratelimit-limit'));
  const remaining = int(headers.get('x-ratelimit-remaining'));
  const reset = int(headers.get('x-ratelimit-reset'));
  if (limit === null && remaining === null && reset === null) return null;
  let resetAt: Date | null = null;
  if (reset !== null) resetAt = new Date(reset > 1e12 ? reset : reset > 1e9 ? reset * 1000 : now.getTime() + reset * 1000);
  return { limit, remaining, resetAt };
}
