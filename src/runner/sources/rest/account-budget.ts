import { createRateBudget, type SharedRateBudget } from '../../budget/rate-budget.ts';

export interface CallsPerWindow {
  calls: number;
  perSeconds: number;
}

export interface BudgetClock {
  now: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The runner's rate budget paced at `calls` per `perSeconds`. The budget counts a minute and an hour window; a time
 * scale of 60/perSeconds shrinks the minute window to `perSeconds`, and the hour window (then 60 of them) is given 60
 * times the calls so it never binds first.
 */
export function sourceBudget(limit: CallsPerWindow, clock: BudgetClock): SharedRateBudget {
  return createRateBudget({ ...clock, perMinute: limit.calls, perHour: limit.calls * 60, timeScale: 60 / limit.perSeconds });
}

/**
 * One budget per source account (platform and base URL), shared by every read and page worker of that account. A later
 * read naming a stricter limit lowers it, converted to the window the budget was made with.
 */
export function createAccountBudgets(clock: BudgetClock) {
  const budgets = new Map<string, { budget: SharedRateBudget; perSeconds: number }>();
  return (account: string, limit: CallsPerWindow): SharedRateBudget => {
    const found = budgets.get(account);
    if (!found) {
      const budget = sourceBudget(limit, clock);
      budgets.set(account, { budget, perSeconds: limit.perSeconds });
      return budget;
    }
    const calls = Math.max(1, Math.floor((limit.calls * found.perSeconds) / limit.perSeconds));
    found.budget.lowerLimits({ perMinute: calls, perHour: calls * 60 });
    return found.budget;
  };
}
