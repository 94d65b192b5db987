import { Engine } from 'json-rules-engine';
import type { ConditionNode, Conditions } from '../../rules/schema/estimator.ts';

export interface RuleIssue {
  file: string;
  path: string;
  message: string;
}

interface RuleLike {
  name: string;
  priority?: number;
  conditions: Conditions;
  event: { type: string; params: Record<string, unknown> };
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Checks every fact a rule file names (conditions, {placeholders} in texts, *Fact params) against the known facts. */
export function checkFactReferences(file: string, rules: readonly RuleLike[], known: ReadonlySet<string>, extraTexts: [string, unknown][] = []): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const unknown = (path: string, name: string) =>
    issues.push({ file, path, message: `unknown fact "${name}" (known: ${[...known].join(', ')})` });
  const walk = (node: ConditionNode, path: string) => {
    if ('all' in node) node.all.forEach((n, i) => walk(n, `${path}.all[${i}]`));
    else if ('any' in node) node.any.forEach((n, i) => walk(n, `${path}.any[${i}]`));
    else if ('not' in node) walk(node.not, `${path}.not`);
    else {
      if (!known.has(node.fact)) unknown(`${path}.fact`, node.fact);
      const v = node.value as { fact?: string };
      if (v && typeof v === 'object' && !Array.isArray(v) && v.fact && !known.has(v.fact)) unknown(`${path}.value.fact`, v.fact);
    }
  };
  const texts = (path: string, value: unknown) => {
    if (typeof value !== 'string') return;
    for (const m of value.matchAll(PLACEHOLDER)) if (!known.has(m[1]!)) unknown(path, m[1]!);
  };
  rules.forEach((r, i) => {
    walk(r.conditions, `$.rules[${i}].conditions`);
    for (const [k, v] of Object.entries(r.event.params)) {
      if (k.endsWith('Fact') && typeof v === 'string' && !known.has(v)) unknown(`$.rules[${i}].event.params.${k}`, v);
      texts(`$.rules[${i}].event.params.${k}`, v);
    }
  });
  for (const [path, v] of extraTexts) texts(path, v);
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.name)) issues.push({ file, path: `$.rules[${i}].name`, message: `duplicate rule name "${r.name}"` });
    seen.add(r.name);
  });
  return issues;
}

const format = (v: unknown) =>
  typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : (Math.round(v * 10) / 10).toLocaleString('en-US')) : String(v);

/** Replaces {fact} placeholders with the fact's value, numbers formatted for people. */
export const fill = (text: string, facts: Record<string, unknown>) => text.replace(PLACEHOLDER, (_, name: string) => format(facts[name]));

export interface CompiledRules<R extends RuleLike> {
  run(facts: Record<string, unknown>): Promise<R[]>;
}

/**
 * Compiles a rule list once; each run returns the rules that fired, in file order, so the same facts always
 * produce the same output regardless of how the engine schedules rules internally.
 */
export function compileRules<R extends RuleLike>(rules: readonly R[]): CompiledRules<R> {
  const engine = new Engine([], { allowUndefinedFacts: false });
  rules.forEach((r) => engine.addRule({ name: r.name, priority: r.priority ?? 1, conditions: r.conditions as never, event: r.event as never }));
  const byName = new Map(rules.map((r, i) => [r.name, i]));
  return {
    async run(facts) {
      const { results } = await engine.run(facts);
      return results
        .map((res) => byName.get(String(res.name))!)
        .sort((a, b) => a - b)
        .map((i) => rules[i]!);
    },
  };
}
