import { Hono, type Context } from 'hono';
import type { SourcePlatform } from '../../../../rules/schema/platform.ts';
import { createFaults, type Faults } from '../freshsales/faults.ts';
import { changedAfter } from './changed-after.ts';
import type { Dataset } from './dataset.ts';
import { createThrottle, type Throttle } from './throttle.ts';

/** On Node, @hono/node-server passes the raw request as `incoming` (used to drop a connection). */
type Env = { Bindings: { incoming?: { socket?: { destroy(): void } } } };

export interface RestEmulatorOptions {
  /** A platform whose channels.api.rest declares the contract served. */
  platform: SourcePlatform;
  dataset: Dataset;
  /** By the names the auth declaration uses. */
  credentials: Record<string, string>;
  /** Injectable now(); the wall clock by default. Token expiry and the throttle follow it. */
  clock?: () => Date;
  /** The tenant's throttle; default the channel's rate limit, else the declaration's assumed one; null: none. */
  throttle?: Throttle | null;
}

export interface EmulatorCalls {
  /** Answered calls by endpoint ("GET /contacts", the login by its template), faults and 429s excluded. */
  byEndpoint: Record<string, number>;
  throttled: number;
  faults: ReturnType<Faults['counts']>;
}

export interface RestEmulator {
  app: Hono<Env>;
  faults: Faults;
  /** Every token issued so far lapses now (as if its time ran out). */
  expireTokens(): void;
  setThrottle(throttle: Throttle | null): void;
  calls(): EmulatorCalls;
}

const holdFor = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * A local API following a platform file's REST declaration, serving records loaded from export files: sign-in and
 * token expiry, pages capped at the declared page size, the incremental filter, the tenant throttle (429 +
 * Retry-After) and injected faults. Runs anywhere Hono does; start.node.ts serves it on Node.
 */
export function createRestSourceEmulator(options: RestEmulatorOptions): RestEmulator {
  const { platform, dataset, credentials } = options;
  const api = platform.channels.api;
  const rest = api?.rest;
  if (!api || !rest) throw new Error(`platform ${platform.id} declares no REST API (channels.api.rest) to emulate`);
  const now = () => (options.clock ?? (() => new Date()))().getTime();
  const cap = api.pagination.pageSize;
  const throttle = createThrottle(now, options.throttle === undefined ? (api.rateLimit ?? rest.assumedRateLimit) : options.throttle);
  const faults = createFaults();
  const tokens = new Map<string, number>(); // token → expiry (epoch ms)
  const byEndpoint: Record<string, number> = {};
  let throttled = 0;

  const app = new Hono<Env>();
  const fail = (c: Context, status: 400 | 401 | 403 | 404 | 500 | 503 | 504, message: string) => {
    const body: Record<string, unknown> = { error: message };
    if (rest.auth.kind === 'token' && rest.auth.status) body[rest.auth.status.field] = 0;
    return c.json(body, status);
  };

  app.get('/_emulator/calls', (c) => c.json({ byEndpoint, throttled, faults: faults.counts() }));
  app.put('/_emulator/faults', async (c) => c.json(faults.configure(await c.req.json())));
  app.post('/_emulator/tokens/expire', (c) => (tokens.clear(), c.body(null, 204)));

  // Faults come first and cost no budget, as the Freshsales sandbox does; then the gateway's throttle.
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/_emulator/')) return next();
    const fault = faults.draw();
    if (fault === '500') return fail(c, 500, 'internal server error (injected by the emulator)');
    if (fault === '503') return fail(c, 503, 'service unavailable (injected by the emulator)');
    if (fault === 'timeout') {
      await holdFor(faults.config.timeoutMs, c.req.raw.signal);
      return fail(c, 504, 'gateway timeout (injected by the emulator)');
    }
    if (fault === 'drop') {
      const socket = c.env?.incoming?.socket;
      if (socket) return (socket.destroy(), c.body(null, 500));
      return new Response(new ReadableStream({ start: (ctl) => ctl.error(new Error('connection dropped (injected by the emulator)')) }));
    }
    const wait = throttle.take();
    if (wait !== null) {
      throttled++;
      c.header('Retry-After', String(wait));
      return c.json({ error: 'too many requests' }, 429);
    }
    await next();
  });

  const auth = rest.auth;
  if (auth.kind === 'token') {
    const route = auth.login.path.replace(/\{([^}]+)\}/g, ':$1');
    app.on(auth.login.method, route, (c) => {
      const label = `${auth.login.method} ${auth.login.path}`;
      byEndpoint[label] = (byEndpoint[label] ?? 0) + 1;
      const ok = auth.credentials.every((name) => c.req.param(name) === credentials[name]);
      const answer: Record<string, unknown> = {};
      if (auth.status) answer[auth.status.field] = ok ? auth.status.success : 0;
      if (!ok) return c.json({ ...answer, Message: 'invalid credentials' });
      const token = crypto.randomUUID();
      tokens.set(token, now() + auth.ttlSeconds * 1000);
      return c.json({ ...answer, [auth.tokenField]: token });
    });
  }

  /** Whether the call carries a valid credential; an answer to send back otherwise. */
  function refuse(c: Context): Response | null {
    if (auth.kind === 'api_key_header') return c.req.header(auth.header) === credentials[auth.credential] ? null : fail(c, 401, `missing or wrong ${auth.header}`);
    if (auth.kind === 'basic') {
      const expected = `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${credentials[auth.username]}:${credentials[auth.password]}`)))}`;
      return c.req.header('Authorization') === expected ? null : fail(c, 401, 'wrong credentials');
    }
    const sent = auth.send.in === 'query' ? c.req.query(auth.send.name) : c.req.header(auth.send.name)?.slice(auth.send.prefix?.length ?? 0);
    const expiry = sent === undefined ? undefined : tokens.get(sent);
    if (expiry !== undefined && expiry > now()) return null;
    return c.json({ ...(auth.status ? { [auth.status.field]: 0 } : {}), error: 'token expired or unknown' }, auth.expiredStatus as 401);
  }

  const intParam = (value: string | undefined, fallback: number, min: number): number | null => {
    if (value === undefined) return fallback;
    const n = Number(value);
    return Number.isInteger(n) && n >= min ? n : null;
  };

  for (const [object, endpoint] of Object.entries(rest.endpoints)) {
    app.get(endpoint.path, (c) => {
      const refused = refuse(c);
      if (refused) return refused;
      const label = `GET ${endpoint.path}`;
      byEndpoint[label] = (byEndpoint[label] ?? 0) + 1;

      let records = dataset.get(object) ?? [];
      const since = rest.incremental ? c.req.query(rest.incremental.param) : undefined;
      if (since !== undefined) {
        const at = Date.parse(since);
        if (Number.isNaN(at)) return fail(c, 400, `${rest.incremental!.param} must be an ISO-8601 instant`);
        if (!endpoint.cursorField) return fail(c, 400, `${endpoint.path} has no incremental filter`);
        records = records.filter((r) => changedAfter(platform, r[endpoint.cursorField!], at));
      }

      const p = rest.pagination;
      const sizeParam = p.kind === 'offset' ? p.limitParam : p.sizeParam;
      const requested = intParam(c.req.query(sizeParam), cap, 1);
      if (requested === null) return fail(c, 400, `${sizeParam} must be a positive integer`);
      const size = Math.min(requested, cap); // the declared cap, whatever is asked
      let from: number | null;
      if (p.kind === 'offset') from = intParam(c.req.query(p.offsetParam), 0, 0);
      else if (p.kind === 'page') {
        const page = intParam(c.req.query(p.pageParam), p.firstPage, p.firstPage);
        from = page === null ? null : (page - p.firstPage) * size;
      } else {
        const cursor = c.req.query(p.cursorParam);
        from = cursor === undefined ? 0 : intParam(/^\d+$/.test(atobSafe(cursor)) ? atobSafe(cursor) : 'x', 0, 0);
      }
      if (from === null) return fail(c, 400, 'bad page position');
      const body: Record<string, unknown> = { [p.recordsField]: records.slice(from, from + size) };
      if (auth.kind === 'token' && auth.status) body[auth.status.field] = auth.status.success;
      if (p.kind === 'cursor') body[p.nextField] = from + size < records.length ? btoa(String(from + size)) : null;
      return c.json(body);
    });
  }

  return {
    app,
    faults,
    expireTokens: () => tokens.clear(),
    setThrottle: (t) => throttle.set(t),
    calls: () => ({ byEndpoint: { ...byEndpoint }, throttled, faults: faults.counts() }),
  };
}

function atobSafe(value: string): string {
  try {
    return atob(value);
  } catch {
    return '';
  }
}
