import type { Context } from 'hono';
import type { CallLog } from './call-log.ts';
import type { Faults } from './faults.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { SandboxState, SandboxUser } from './state.ts';
import type { Actor } from './write-record.ts';

export type Edition = 'suite' | 'classic';

/** Hono environment of the sandbox. On Node, @hono/node-server passes the raw request as `incoming` (used to drop a connection). */
export interface SandboxEnv {
  Bindings: { incoming?: { socket?: { destroy(): void } } };
  Variables: { user: SandboxUser; edition: Edition };
}
export type SandboxContext = Context<SandboxEnv>;

/** What every route reads: the current state (replaced on reset), the clock and the process-local counters. */
export interface SandboxRuntime {
  state: SandboxState;
  now(): Date;
  /** The current time as Freshsales renders it, in the account's offset. */
  stamp(): string;
  /** Called after anything changed the state, for persistence. */
  changed(): void;
  timeScale: number;
  /** Sandbox milliseconds a bulk upsert job spends per record. */
  jobMillisPerRecord: number;
  limiter: RateLimiter;
  calls: CallLog;
  faults: Faults;
}

export const actorOf = (c: SandboxContext, rt: SandboxRuntime): Actor => ({ userId: c.get('user').id, stamp: rt.stamp() });

/** Where this edition's API lives on the request's host: /crm/sales/api (Suite) or /api (Classic). */
export const apiBase = (c: SandboxContext) => `${new URL(c.req.url).origin}${c.get('edition') === 'suite' ? '/crm/sales/api' : '/api'}`;
