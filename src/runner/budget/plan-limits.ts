import { knowledgeBase } from '../../../rules/index.ts';
import type { PlanId } from '../../../rules/schema/platform.ts';
import type { BudgetLimits } from './windows.ts';

/** A Freshsales plan's API calls per hour and per minute, from the knowledge base (rules/platforms/freshsales.json). */
export function planLimits(plan: PlanId): BudgetLimits {
  const found = knowledgeBase.destination('freshsales')?.plans.find((p) => p.id === plan);
  if (!found) throw new Error(`rules/platforms/freshsales.json has no plan "${plan}"`);
  return { perHour: found.apiCallsPerHour, perMinute: found.apiCallsPerMinute };
}
