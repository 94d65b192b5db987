import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { SandboxEnv, SandboxRuntime } from './runtime.ts';
import { SandboxError } from './sandbox-error.ts';

export const FaultConfig = z.strictObject({
  /** PRNG seed: the same seed and call sequence give the same faults. */
  seed: z.number().int().default(1),
  error500: z.number().min(0).max(1).default(0),
  error503: z.number().min(0).max(1).default(0),
  /** Hold the request for `timeoutMs` (wall time), then answer 504. */
  timeout: z.number().min(0).max(1).default(0),
  /** Close the connection without an answer. */
  drop: z.number().min(0).max(1).default(0),
  timeoutMs: z.number().int().min(0).max(600_000).default(30_000),
}).refine((f) => f.error500 + f.error503 + f.timeout + f.drop <= 1, 'the probabilities add up to more than 1');
export type FaultConfig = z.infer<typeof FaultConfig>;

export type Fault = 'none' | '500' | '503' | 'timeout' | 'drop';

/** mulberry32: small, fast, and the same sequence for the same seed on every runtime. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fault injection for API calls; off until configured. */
export function createFaults() {
  let config: FaultConfig = FaultConfig.parse({});
  let next = prng(config.seed);
  const counts: Record<Fault, number> = { none: 0, '500': 0, '503': 0, timeout: 0, drop: 0 };
  return {
    configure(input: unknown) {
      config = FaultConfig.parse(input);
      next = prng(config.seed);
      for (const k of Object.keys(counts) as Fault[]) counts[k] = 0;
      return config;
    },
    get config() {
      return config;
    },
    draw(): Fault {
      const active = config.error500 + config.error503 + config.timeout + config.drop > 0;
      let fault: Fault = 'none';
      if (active) {
        const r = next();
        const cuts: Array<[Fault, number]> = [['500', config.error500], ['503', config.error503], ['timeout', config.timeout], ['drop', config.drop]];
        let edge = 0;
        for (const [name, p] of cuts) if (fault === 'none' && r < (edge += p)) fault = name;
      }
      counts[fault]++;
      return fault;
    },
    counts: () => ({ ...counts }),
  };
}
export type Faults = ReturnType<typeof createFaults>;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Injects the configured faults into API calls, before authentication, so they cost no budget. */
export const injectFaults =
  (rt: SandboxRuntime): MiddlewareHandler<SandboxEnv> =>
  async (c, next) => {
    const fault = rt.faults.draw();
    if (fault === '500') throw new SandboxError(500, ['Internal server error (injected by the sandbox)']);
    if (fault === '503') throw new SandboxError(503, ['Service unavailable (injected by the sandbox)']);
    if (fault === 'timeout') {
      await sleep(rt.faults.config.timeoutMs, c.req.raw.signal);
      throw new SandboxError(504, ['Gateway timeout (injected by the sandbox)']);
    }
    if (fault === 'drop') {
      // On Node, destroy the socket: the client sees a reset connection. Elsewhere, a body that errors does the same.
      const socket = c.env?.incoming?.socket;
      if (socket) {
        socket.destroy();
        return c.body(null, 500);
      }
      return new Response(new ReadableStream({ start: (ctl) => ctl.error(new Error('connection dropped (injected by the sandbox)')) }));
    }
    await next();
  };
