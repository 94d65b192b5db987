import type { PlanId } from '../../../rules/schema/platform.ts';
import type { WorkflowEquivalents } from '../../../rules/schema/scoping.ts';
import { planAllows } from '../mapping/context.ts';
import { words } from '../text.ts';
import type { SourceWorkflow } from './parse.ts';

type Equivalent = WorkflowEquivalents['triggers'][number];

export interface StepAdvice {
  source: string;
  kind: string | null;
  label: string;
  /** The Freshsales feature to rebuild it with, or null when there is none. */
  freshsales: string | null;
  advice: string;
  planOk: boolean;
}

export interface WorkflowAdvice {
  workflow: SourceWorkflow;
  trigger: StepAdvice;
  actions: StepAdvice[];
  verdict: 'rebuild' | 'partial' | 'no_equivalent';
}

/** The first equivalent whose phrase appears, word for word, in the description. */
function match(text: string, list: Equivalent[]): Equivalent | undefined {
  const w = ` ${words(text).join(' ')} `;
  return list.find((e) => e.match.some((p) => w.includes(` ${words(p).join(' ')} `)));
}

function advise(text: string, list: Equivalent[], plan: PlanId): StepAdvice {
  const e = match(text, list);
  if (!e) return { source: text, kind: null, label: 'unrecognised', freshsales: null, advice: 'no known equivalent: review it by hand with the customer', planOk: true };
  if (!e.freshsales) return { source: text, kind: e.id, label: e.label, freshsales: null, advice: `no equivalent — rebuild by hand: ${e.why}`, planOk: true };
  const planOk = planAllows(plan, e.freshsales.minPlan);
  return {
    source: text,
    kind: e.id,
    label: e.label,
    freshsales: e.freshsales.feature,
    advice: `${e.freshsales.notes}${planOk ? '' : ` Needs the ${e.freshsales.minPlan} plan.`}`,
    planOk,
  };
}

/** For every source workflow, the Freshsales trigger and actions to rebuild it with, or why part of it cannot be rebuilt. */
export function recommendWorkflows(workflows: SourceWorkflow[], equivalents: WorkflowEquivalents, plan: PlanId): WorkflowAdvice[] {
  return workflows.map((workflow) => {
    const trigger = advise(workflow.trigger, equivalents.triggers, plan);
    const actions = workflow.actions.map((a) => advise(a, equivalents.actions, plan));
    const steps = [trigger, ...actions];
    const usable = steps.filter((s) => s.freshsales && s.planOk).length;
    const verdict = !trigger.freshsales || !trigger.planOk || usable <= 1 ? 'no_equivalent' : usable === steps.length ? 'rebuild' : 'partial';
    return { workflow, trigger, actions, verdict };
  });
}
