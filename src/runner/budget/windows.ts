const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Calls one destination account may make, from its plan (rules/platforms/freshsales.json). */
export interface BudgetLimits {
  perHour: number;
  perMinute: number;
}

export interface WindowView {
  limit: number;
  remaining: number;
  resetAt: number;
}

interface Window {
  length: number;
  limit: number;
  start: number;
  count: number;
  /** Calls granted in an earlier window and still unanswered when this one opened: the server may count them here. */
  carried: number;
}

/**
 * The hour and the minute window, counted locally. They are fixed and aligned to the epoch, as the sandbox counts
 * them; the real alignment is undocumented, and the reports answers carry (reports.ts) cover any difference.
 * `timeScale` divides both windows, as the sandbox's option does, so compressed benchmarks and tests stay in step.
 */
export function createWindows(limits: BudgetLimits, timeScale: number) {
  const open = (length: number, limit: number): Window => ({ length, limit, start: Number.NaN, count: 0, carried: 0 });
  const hour = open(HOUR_MS / timeScale, limits.perHour);
  const minute = open(MINUTE_MS / timeScale, limits.perMinute);
  const all = [hour, minute];
  const view = (w: Window): WindowView => ({ limit: w.limit, remaining: w.limit - w.count, resetAt: w.start + w.length });

  return {
    /** Moves to the windows holding `t`; a window that turns starts with the calls still in flight. */
    roll(t: number, inFlight: number) {
      for (const w of all) {
        const start = Math.floor(t / w.length) * w.length;
        if (start !== w.start) Object.assign(w, { start, count: inFlight, carried: inFlight });
      }
    },
    take() {
      for (const w of all) w.count++;
    },
    /** An answer shows its call was counted in a window that ended by `resetAt`: it did not land in the current one. Whether room came free. */
    landedBefore(resetAt: number): boolean {
      let freed = false;
      for (const w of all) {
        if (resetAt <= w.start && w.carried > 0) {
          w.carried--;
          w.count--;
          freed = true;
        }
      }
      return freed;
    },
    /** When every full window has turned; null when all have room now. */
    blockedUntil(): number | null {
      const ends = all.filter((w) => w.count >= w.limit).map((w) => w.start + w.length);
      return ends.length ? Math.max(...ends) : null;
    },
    /** The window closest to running out. */
    tightest: (): WindowView => (view(minute).remaining < view(hour).remaining ? view(minute) : view(hour)),
    lower(to: BudgetLimits) {
      hour.limit = Math.min(hour.limit, to.perHour);
      minute.limit = Math.min(minute.limit, to.perMinute);
    },
  };
}
export type Windows = ReturnType<typeof createWindows>;
