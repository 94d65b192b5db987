import { createRateBudget, type RateBudgetOptions, type SharedRateBudget } from './rate-budget.ts';
import type { BudgetLimits } from './windows.ts';

export type BudgetClock = Omit<RateBudgetOptions, keyof BudgetLimits>;

/** Waits on the wall clock; rejects with the signal's reason when it aborts. */
export function wallSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface BudgetRegistry {
  /** The one budget of a destination account, created on first use; every run writing to that account shares it. */
  for(accountKey: string, limits: BudgetLimits): SharedRateBudget;
}

/** Budgets per destination account for one process, on the wall clock unless told otherwise. */
export function createBudgetRegistry(clock: Partial<BudgetClock> = {}): BudgetRegistry {
  const budgets = new Map<string, SharedRateBudget>();
  const options: BudgetClock = { now: () => new Date(), sleep: wallSleep, ...clock };
  return {
    for(accountKey, limits) {
      const existing = budgets.get(accountKey);
      if (existing) {
        existing.lowerLimits(limits);
        return existing;
      }
      const budget = createRateBudget({ ...options, ...limits });
      budgets.set(accountKey, budget);
      return budget;
    },
  };
}
