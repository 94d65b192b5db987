// The plan's call allowance over a stretch of time, as the sandbox and the runner's budget both count it: a fixed hour
// window and a fixed minute window, aligned to the epoch and divided by the time scale. Times are epoch milliseconds.
import type { BudgetLimits } from '../../src/runner/budget/windows.ts';

const lengths = (timeScale: number) => ({ hour: 3_600_000 / timeScale, minute: 60_000 / timeScale });

/** Calls per millisecond at the binding limit, as if the allowance flowed evenly. */
export function planRate(limits: BudgetLimits, timeScale: number): number {
  const { hour, minute } = lengths(timeScale);
  return Math.min(limits.perHour / hour, limits.perMinute / minute);
}

/** Each hour window the stretch touches allows min(per hour, per minute × the minute windows of it the stretch touches). */
export function windowedAllowance(limits: BudgetLimits, timeScale: number, from: number, to: number): number {
  const { hour, minute } = lengths(timeScale);
  let total = 0;
  for (let h = Math.floor(from / hour) * hour; h < to; h += hour) {
    const start = Math.max(h, from);
    const end = Math.min(h + hour, to);
    const minutes = Math.floor((end - 1) / minute) - Math.floor(start / minute) + 1;
    total += Math.min(limits.perHour, limits.perMinute * minutes);
  }
  return total;
}

/**
 * The least time from `from` in which `calls` calls can be made under the fixed windows, spending every window in full:
 * until the opening of the minute window in which the last of them may go.
 */
export function windowedMinimum(limits: BudgetLimits, timeScale: number, from: number, calls: number): number {
  const { hour, minute } = lengths(timeScale);
  const spent = new Map<number, number>();
  let left = calls;
  for (let m = Math.floor(from / minute) * minute; ; m += minute) {
    const h = Math.floor(m / hour);
    const can = Math.min(limits.perMinute, limits.perHour - (spent.get(h) ?? 0), left);
    spent.set(h, (spent.get(h) ?? 0) + can);
    left -= can;
    if (left <= 0) return Math.max(m, from) - from;
  }
}
