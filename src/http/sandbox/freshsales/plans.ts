import { knowledgeBase } from '../../../../rules/index.ts';
import type { Plan, PlanId } from '../../../../rules/schema/platform.ts';

/** A Freshsales plan's limits and features, from the knowledge base (rules/platforms/freshsales.json), so estimator and sandbox agree. */
export function freshsalesPlan(id: PlanId): Plan {
  const plan = knowledgeBase.destination('freshsales')?.plans.find((p) => p.id === id);
  if (!plan) throw new Error(`rules/platforms/freshsales.json has no plan "${id}"`);
  return plan;
}
