import { knowledgeBase } from '../../../../rules/index.ts';
import { createRateBudget, type SharedRateBudget } from '../../budget/rate-budget.ts';
import type { BudgetClock } from '../../budget/registry.ts';

const HOUR_S = 3600;

/** Kartra's documented limit (rules/platforms/kartra.json): calls per window of seconds, per app. */
function kartraLimit(): { calls: number; perSeconds: number } {
  const limit = knowledgeBase.source('kartra')?.channels.api?.rateLimit;
  if (!limit) throw new Error('rules/platforms/kartra.json declares no API rate limit');
  return limit;
}

/**
 * One Kartra app's call budget: a FIFO queue granting `calls` per `perSeconds`, and after a 429 a pause of one second
 * (Kartra's advice) before anyone calls again. It is the shared budget with its hour window scaled down to Kartra's
 * window (timeScale) and the same cap on the minute window, which then nests inside it and never binds first.
 */
export function createKartraBudget(clock: BudgetClock): SharedRateBudget {
  const { calls, perSeconds } = kartraLimit();
  return createRateBudget({ ...clock, perHour: calls, perMinute: calls, timeScale: HOUR_S / perSeconds, backoffMs: 1_000, maxBackoffMs: 1_000 });
}
