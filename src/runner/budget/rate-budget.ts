import type { RateBudget } from '../protocol.ts';
import { createReports } from './reports.ts';
import { createWindows, type BudgetLimits } from './windows.ts';

export interface RateBudgetOptions extends BudgetLimits {
  now: () => Date;
  /** Waits on the budget's clock; rejects when the signal aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Divides the hour and minute windows, as the sandbox's timeScale does (default 1). */
  timeScale?: number;
  /** The wait after a 429 that names no reset; it doubles with each 429 in a row (default 1 s, at most maxBackoffMs). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** The budget for progress display. */
export interface RateBudgetState {
  limit: number | null;
  remaining: number | null;
  resetAt: Date | null;
  /** Set while callers wait for the budget: when the next call may go. */
  waitingUntil: Date | null;
  /** Calls granted so far. */
  calls: number;
  /** 429 answers seen. */
  throttled: number;
}

/**
 * One destination account's budget, shared by every caller. Each acquire() must be followed by one observe() of the
 * call's answer (null when none came): calls still in flight count against a window that turns under them.
 */
export interface SharedRateBudget extends RateBudget {
  state(): RateBudgetState;
  /** Two runs that disagree about the account's plan: the stricter limits win. */
  lowerLimits(limits: BudgetLimits): void;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort: () => void;
}

function checkLimits(limits: BudgetLimits) {
  for (const key of ['perHour', 'perMinute'] as const) {
    if (!Number.isInteger(limits[key]) || limits[key] < 1) throw new Error(`rate budget: ${key} must be a positive integer, got ${limits[key]}`);
  }
}

/**
 * A rate budget for one destination account: fixed hour and minute windows counted locally, tightened by what answers
 * report (x-ratelimit-* headers); a 429 stops every caller until its reset. Waiters are served first come, first served.
 */
export function createRateBudget(options: RateBudgetOptions): SharedRateBudget {
  checkLimits(options);
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error(`rate budget: timeScale must be a positive number, got ${timeScale}`);
  const backoffMs = options.backoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const windows = createWindows(options, timeScale);
  const reports = createReports();
  const queue: Waiter[] = [];
  let inFlight = 0;
  let calls = 0;
  let throttled = 0;
  /** 429s in a row, for the back-off when they name no reset. */
  let strikes = 0;
  let reportedLimit: number | null = null;
  let waitingUntil: number | null = null;
  let pumping = false;
  let wake: AbortController | null = null;
  const clock = () => options.now().getTime();

  function blockedUntil(t: number): number | null {
    windows.roll(t, inFlight);
    reports.prune(t);
    const ends = [windows.blockedUntil(), reports.blockedUntil()].filter((e): e is number => e !== null);
    return ends.length ? Math.max(...ends) : null;
  }

  function grant() {
    windows.take();
    reports.take();
    inFlight++;
    calls++;
  }

  const settle = (w: Waiter) => w.signal?.removeEventListener('abort', w.onAbort);

  /** Serves the queue in order; only the head waits, so a late caller never overtakes an earlier one. */
  async function pump() {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0) {
        const t = clock();
        const until = blockedUntil(t);
        if (until === null) {
          const w = queue.shift()!;
          settle(w);
          grant();
          w.resolve();
          continue;
        }
        waitingUntil = until;
        wake = new AbortController();
        try {
          await options.sleep(Math.max(1, until - t), wake.signal);
        } catch (e) {
          // Woken early (the queue emptied, or room came free): look again. Any other failure of sleep fails every waiter.
          if (!wake.signal.aborted) for (const w of queue.splice(0)) (settle(w), w.reject(e));
        }
      }
    } finally {
      pumping = false;
      waitingUntil = null;
      wake = null;
    }
  }

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (queue.length === 0 && blockedUntil(clock()) === null) {
        grant();
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          reject,
          signal,
          onAbort: () => {
            const at = queue.indexOf(waiter);
            if (at >= 0) queue.splice(at, 1);
            if (queue.length === 0) wake?.abort();
            reject(signal!.reason);
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        queue.push(waiter);
        void pump();
      });
    },

    observe(report, wasThrottled) {
      const t = clock();
      // Roll first: a window turning now carries this call too, and its own report may release it just below.
      windows.roll(t, inFlight);
      inFlight = Math.max(0, inFlight - 1);
      if (report?.limit != null) reportedLimit = report.limit;
      const resetAt = report?.resetAt?.getTime() ?? null;
      if (wasThrottled) {
        throttled++;
        const backoff = Math.min(maxBackoffMs, backoffMs * 2 ** strikes++);
        reports.add(resetAt !== null && resetAt > t ? resetAt : t + backoff, 0);
        return;
      }
      strikes = 0;
      if (resetAt === null) return;
      // Room came free: the head waiter may go before the wait it planned.
      if (windows.landedBefore(resetAt)) wake?.abort();
      // Calls still in flight may not be counted in this report yet: assume they will be.
      if (report?.remaining != null && resetAt > t) reports.add(resetAt, report.remaining - inFlight);
    },

    state() {
      const t = clock();
      blockedUntil(t);
      const local = windows.tightest();
      const reported = reports.tightest();
      const binding = reported && reported.remaining < local.remaining ? reported : local;
      return {
        limit: reportedLimit ?? local.limit,
        remaining: Math.max(0, binding.remaining),
        resetAt: new Date(binding.resetAt),
        waitingUntil: waitingUntil === null ? null : new Date(waitingUntil),
        calls,
        throttled,
      };
    },

    lowerLimits(limits) {
      checkLimits(limits);
      windows.lower(limits);
    },
  };
}
