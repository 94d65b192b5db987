interface Bucket {
  start: number;
  calls: number;
  limited: number;
}

const KEEP = { minute: 180, hour: 72 };

/** API calls per (scaled) minute and hour, for benchmarks to read back from GET /_sandbox/calls. */
export function createCallLog(opts: { timeScale: number; now: () => number }) {
  const series = {
    minute: { length: 60_000 / opts.timeScale, buckets: [] as Bucket[] },
    hour: { length: 3_600_000 / opts.timeScale, buckets: [] as Bucket[] },
  };
  let total = 0;
  let limited = 0;
  return {
    record(wasLimited: boolean) {
      const t = opts.now();
      total++;
      if (wasLimited) limited++;
      for (const [name, s] of Object.entries(series) as Array<[keyof typeof KEEP, (typeof series)['minute']]>) {
        const start = Math.floor(t / s.length) * s.length;
        let b = s.buckets.at(-1);
        if (!b || b.start !== start) {
          s.buckets.push((b = { start, calls: 0, limited: 0 }));
          if (s.buckets.length > KEEP[name]) s.buckets.shift();
        }
        b.calls++;
        if (wasLimited) b.limited++;
      }
    },
    snapshot() {
      const out = (s: (typeof series)['minute']) => s.buckets.map((b) => ({ start: new Date(b.start).toISOString(), calls: b.calls, limited: b.limited }));
      return { timeScale: opts.timeScale, total, limited, perMinute: out(series.minute), perHour: out(series.hour) };
    },
  };
}
export type CallLog = ReturnType<typeof createCallLog>;
