import { SourcePlatform, type RestDeclaration } from '../../../../rules/schema/platform.ts';
import { wallSleep } from '../../budget/registry.ts';
import type { ConnectorCtx, SourceConnector, SourceSession, StreamSpec } from '../../protocol.ts';
import { createAccountBudgets, type BudgetClock } from './account-budget.ts';
import { createAuthenticator, urlOf } from './auth.ts';
import { callJson } from './call.ts';
import { restConfigSchema, type RestConfig } from './config.ts';
import { apiFieldsOf } from './fields.ts';
import { pageQuery, readPage, type PageAt } from './pagination.ts';
import { readRestStream } from './read-stream.ts';
import { TokenExpired } from './rest-error.ts';

export interface RestSourceDeps {
  /** The clock rate budgets wait on (default: the wall clock); tests share a virtual one with the emulator. */
  clock?: BudgetClock;
  /** Backoff jitter in [0, 1) (default Math.random): seeded in tests. */
  random?: () => number;
}

interface StreamTarget {
  object: string;
  endpoint: { path: string; cursorField?: string };
  columns: string[];
  /** API field → export header. */
  headers: Map<string, string>;
}

/** Repeats a call once after a refused token, signed in afresh (a token may lapse between any two calls). */
const RELOGINS = 1;

/**
 * The generic REST source: everything it knows of an API is the platform file's `channels.api.rest` declaration, so a
 * platform with a conventional API needs a file, not code. The declaration is validated here (a hand-built platform
 * object too), and each config against it.
 */
export function createRestSource(platformInput: SourcePlatform, deps: RestSourceDeps = {}): SourceConnector<RestConfig> {
  const parsed = SourcePlatform.safeParse(platformInput);
  if (!parsed.success) throw new Error(`platform ${platformInput.id}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const platform = parsed.data;
  const api = platform.channels.api;
  if (!api?.rest) throw new Error(`platform ${platform.id} declares no REST API (channels.api.rest)`);
  const rest: RestDeclaration = api.rest;
  const rate = api.rateLimit ?? rest.assumedRateLimit;
  const pageSize = api.pagination.pageSize;
  const budgets = createAccountBudgets(deps.clock ?? { now: () => new Date(), sleep: wallSleep });
  const random = deps.random ?? Math.random;
  const required = rest.auth.kind === 'token' ? rest.auth.credentials : rest.auth.kind === 'basic' ? [rest.auth.username, rest.auth.password] : [rest.auth.credential];

  const kind = `${platform.id}-api`;
  const configSchema = restConfigSchema.superRefine((config, ctx) => {
    if (config.kind !== kind) ctx.addIssue({ code: 'custom', path: ['kind'], message: `this source reads ${platform.name} and is called "${kind}"` });
    for (const name of required)
      if (!config.credentials[name]) ctx.addIssue({ code: 'custom', path: ['credentials', name], message: `${platform.id} signs in with "${name}"` });
    for (const [stream, spec] of Object.entries(config.streams)) {
      const object = typeof spec === 'string' ? spec : spec.object;
      if (!rest.endpoints[object])
        ctx.addIssue({ code: 'custom', path: ['streams', stream], message: `${platform.id} declares no endpoint for "${object}" (it has ${Object.keys(rest.endpoints).join(', ')})` });
    }
  });

  function target(config: RestConfig, stream: string): StreamTarget {
    const spec = config.streams[stream];
    if (spec === undefined) throw new Error(`no stream "${stream}" in this source (it has ${Object.keys(config.streams).join(', ')})`);
    const object = typeof spec === 'string' ? spec : spec.object;
    const endpoint = rest.endpoints[object];
    if (!endpoint) throw new Error(`stream "${stream}": ${platform.id} declares no endpoint for "${object}"`);
    const declared = platform.objects.find((o) => o.id === object)!.fields.map((f) => f.id);
    const columns = typeof spec === 'string' || !spec.columns ? declared : spec.columns;
    const headers = new Map([...apiFieldsOf(platform, object, columns)].map(([header, field]) => [field, header]));
    return { object, endpoint, columns, headers };
  }

  return {
    kind,
    configSchema,
    secrets: ['credentials'],
    objectStreams: true,
    open(config: RestConfig, ctx: ConnectorCtx): SourceSession {
      const budget = budgets(`${platform.id} ${config.baseUrl}`, config.rateLimit ?? rate);
      const callOptions = {
        fetch: ctx.fetch,
        now: ctx.now,
        sleep: ctx.sleep,
        budget,
        random,
        attempts: rest.retry.attempts,
        baseDelayMs: rest.retry.baseDelayMs,
        timeoutMs: rest.retry.timeoutMs,
      };
      const auth = createAuthenticator(rest.auth, config.baseUrl, config.credentials, (endpoint, url, init) =>
        callJson(endpoint, url, init, { ...callOptions, signal: ctx.signal }),
      );
      const expiredStatus = rest.auth.kind === 'token' ? rest.auth.expiredStatus : undefined;

      /** One page of an endpoint, signed in (again, after an expiry). */
      async function fetchPage(t: StreamTarget, at: PageAt, size: number, signal: AbortSignal) {
        const endpoint = `GET ${t.endpoint.path}`;
        for (let relogins = 0; ; relogins++) {
          const url = urlOf(config.baseUrl, t.endpoint.path);
          for (const [k, v] of pageQuery(rest.pagination, size, at)) url.searchParams.set(k, v);
          if (config.since && rest.incremental && t.endpoint.cursorField) url.searchParams.set(rest.incremental.param, config.since);
          const headers = new Headers({ Accept: 'application/json' });
          await auth.sign(url, headers);
          try {
            return readPage(rest.pagination, await callJson(endpoint, url, { headers }, { ...callOptions, signal, expiredStatus }), endpoint, size);
          } catch (e) {
            if (!(e instanceof TokenExpired) || relogins >= RELOGINS) throw e;
            ctx.log('info', 'source token expired; signing in again', { platform: platform.id, endpoint });
            auth.expire(url, headers);
          }
        }
      }

      return {
        async check() {
          try {
            const first = Object.keys(config.streams)[0]!;
            await fetchPage(target(config, first), rest.pagination.kind === 'cursor' ? { cursor: null } : { index: 0 }, 1, ctx.signal);
            return { ok: true };
          } catch (e) {
            return { ok: false, message: e instanceof Error ? e.message : String(e) };
          }
        },

        async discover() {
          return Object.keys(config.streams).map((name): StreamSpec => ({ name, columns: target(config, name).columns }));
        },

        read(stream, state) {
          const t = target(config, stream);
          const since = config.since && rest.incremental && t.endpoint.cursorField ? config.since : null;
          if (config.since && since === null)
            ctx.log('warn', 'no incremental filter for this object: reading it whole', { platform: platform.id, stream, object: t.object });
          ctx.log('info', 'reading source endpoint', { platform: platform.id, stream, endpoint: t.endpoint.path, resuming: state !== null });
          return readRestStream(
            {
              stream,
              headers: t.headers,
              pageSize,
              workers: config.workers ?? rest.workers,
              cursorPagination: rest.pagination.kind === 'cursor',
              since,
              fetchPage: (at, signal) => fetchPage(t, at, pageSize, signal),
              signal: ctx.signal,
            },
            state,
          );
        },
      };
    },
  };
}
