// Shared closed-loop load generator for the HTTP benchmarks: `concurrency` clients on keep-alive connections,
// each sending its next request as soon as the previous one answers.
export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export async function runLoad(opts: {
  seconds: number;
  concurrency: number;
  request: (i: number) => Promise<Response>;
  expectStatus: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const end = performance.now() + opts.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < end) {
        const i = next++;
        const t = performance.now();
        const res = await opts.request(i);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status !== opts.expectStatus) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
    errors,
  };
}

export const fmt = (r: LoadResult) =>
  `${r.perSecond.toFixed(0).padStart(6)} req/s   p50 ${r.p50ms.toFixed(2)} ms   p99 ${r.p99ms.toFixed(2)} ms   (${r.requests} requests, ${r.errors} errors)`;
