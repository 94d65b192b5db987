import { Hono } from 'hono';
import type { PlanId } from '../../../../rules/schema/platform.ts';
import { createAdminApp } from './admin-app.ts';
import { createApiApp } from './api-app.ts';
import { buildState, SandboxSeed } from './build-state.ts';
import { createCallLog } from './call-log.ts';
import { createFaults } from './faults.ts';
import { defaultAccountFixture, freshsalesDefaults, parseAccountFixture } from './fixture.ts';
import { handleSandboxError, handleSandboxNotFound } from './handle-error.ts';
import { freshsalesPlan } from './plans.ts';
import { createRateLimiter } from './rate-limit.ts';
import type { SandboxEnv, SandboxRuntime } from './runtime.ts';
import type { SandboxState } from './state.ts';
import { isoWithOffset } from './time.ts';

export interface SandboxOptions {
  /** The admin user's API key; a random one when absent. */
  apiKey?: string;
  /** Default growth. Sets the hourly budget, custom-field quotas and which features answer (products Pro+, custom modules Enterprise). */
  plan?: PlanId;
  /** Replaces test/fixtures/freshsales/default-account.json (same shape, validated). */
  account?: unknown;
  /** Added on top of the fresh account: custom fields, users, pipelines, selector entries. */
  seed?: SandboxSeed;
  /** Start from this state (a reloaded state file) instead of a fresh account; plan, account and seed are then ignored. */
  initialState?: SandboxState;
  /** Injectable now(); the wall clock by default. */
  clock?: () => Date;
  /** Divides rate-limit windows and job durations: 60 makes an hour's budget reset every minute. Default 1. */
  timeScale?: number;
  /** Overrides the plan's calls per hour and per minute. */
  limits?: { perHour?: number; perMinute?: number };
  /** Sandbox milliseconds a bulk upsert job spends per record (default 20: 100 records take 2 s). */
  jobMillisPerRecord?: number;
  /** Called after every change to the state (persistence hooks in here). */
  onChange?: (state: SandboxState) => void;
}

export interface FreshsalesSandbox {
  app: Hono<SandboxEnv>;
  /** The live state (replaced by a reset). */
  readonly state: SandboxState;
  apiKey: string;
  /** Back to a fresh account (same options), optionally on another plan. */
  reset(plan?: PlanId): void;
}

const randomKey = () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');

/** A local Freshsales account speaking the public API at /crm/sales/api/* (Suite) and /api/* (Classic), plus /_sandbox/*. */
export function createFreshsalesSandbox(options: SandboxOptions = {}): FreshsalesSandbox {
  const apiKey = options.apiKey ?? randomKey();
  const account = options.account === undefined ? defaultAccountFixture : parseAccountFixture(options.account, 'the account option');
  const parsedSeed = options.seed === undefined ? undefined : SandboxSeed.safeParse(options.seed);
  if (parsedSeed && !parsedSeed.success) {
    throw new Error(`the seed option is invalid: ${parsedSeed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error(`timeScale must be a positive number, got ${timeScale}`);
  const clock = options.clock ?? (() => new Date());
  const now = () => clock().getTime();

  const fresh = (plan: PlanId) => buildState({ plan, account, defaults: freshsalesDefaults, apiKey, seed: parsedSeed?.data });
  const limiterFor = (plan: PlanId) => {
    const p = freshsalesPlan(plan);
    return createRateLimiter({ perHour: options.limits?.perHour ?? p.apiCallsPerHour, perMinute: options.limits?.perMinute ?? p.apiCallsPerMinute, timeScale, now });
  };

  const state = options.initialState ?? fresh(options.plan ?? 'growth');
  // A reloaded state may predate this key: it always belongs to the admin (the first user).
  state.apiKeys[apiKey] ??= state.users[0]!.id;
  const rt: SandboxRuntime = {
    state,
    now: clock,
    stamp: () => isoWithOffset(clock(), rt.state.account.utcOffset),
    changed: () => options.onChange?.(rt.state),
    timeScale,
    jobMillisPerRecord: options.jobMillisPerRecord ?? 20,
    limiter: limiterFor(state.plan),
    calls: createCallLog({ timeScale, now }),
    faults: createFaults(),
  };
  const reset = (plan?: PlanId) => {
    rt.state = fresh(plan ?? rt.state.plan);
    rt.limiter = limiterFor(rt.state.plan);
    rt.changed();
  };

  const app = new Hono<SandboxEnv>();
  app.route('/_sandbox', createAdminApp(rt, reset));
  app.route('/crm/sales/api', createApiApp(rt, 'suite'));
  app.route('/api', createApiApp(rt, 'classic'));
  app.notFound(handleSandboxNotFound);
  app.onError(handleSandboxError);
  return {
    app,
    get state() {
      return rt.state;
    },
    apiKey,
    reset,
  };
}
