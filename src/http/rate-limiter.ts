/**
 * Fixed-window counters per (limit name, client key), held in this process's memory: right for one Node instance.
 * On Workers each isolate counts on its own, so put Cloudflare's rate limiting in front for a global cap.
 */
export function createRateLimiter(limits: Record<string, number>, opts: { windowMs?: number; now?: () => number } = {}) {
  const windowMs = opts.windowMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    windowSeconds: windowMs / 1000,
    hit(name: string, client: string) {
      const limit = limits[name];
      if (limit === undefined) throw new Error(`no rate limit named "${name}"`);
      const t = now();
      const key = `${name}\u0000${client}`;
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs) {
        // Sweep expired windows now and then so memory stays bounded by the clients of one window.
        if (windows.size > 10_000) for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return {
        allowed: w.count <= limit,
        limit,
        remaining: Math.max(0, limit - w.count),
        resetSeconds: Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)),
      };
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
