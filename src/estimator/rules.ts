import { RULE_FILES } from '../../rules/index.ts';
import { GotchaRules, GradeRules, PriceRules, TimelineRules } from '../../rules/schema/estimator.ts';
import { fileParser, type RawFile } from '../../rules/validate.ts';
import { FACT_NAMES } from './facts.ts';
import { checkFactReferences, compileRules, type RuleIssue } from './rules-engine.ts';

export class EstimatorRulesError extends Error {
  readonly issues: RuleIssue[];
  constructor(issues: RuleIssue[]) {
    super(`estimator rules are invalid:\n${issues.map((i) => `  ${i.file} ${i.path}: ${i.message}`).join('\n')}`);
    this.issues = issues;
  }
}

/** Parses the four estimator rule files and checks every fact they name; throws one error listing every problem. */
export function loadEstimatorRules(files: { grades: RawFile; price: RawFile; gotchas: RawFile; timeline: RawFile }, known: readonly string[] = FACT_NAMES) {
  const issues: RuleIssue[] = [];
  const parse = fileParser(issues);
  const grades = parse(GradeRules, files.grades);
  const price = parse(PriceRules, files.price);
  const gotchas = parse(GotchaRules, files.gotchas);
  const timeline = parse(TimelineRules, files.timeline);
  const names = new Set(known);
  if (grades)
    issues.push(
      ...checkFactReferences(files.grades.file, grades.rules, names, Object.entries(grades.defaults).map(([k, v]) => [`$.defaults.${k}.reason`, v.reason])),
    );
  // The price ceiling is a condition without a line of its own; it runs as a one-rule engine of its own.
  const scoped = price && [{ name: 'scoped-individually', conditions: price.scopedIndividually.conditions, event: { type: 'scoped', params: {} } }];
  if (price && scoped) {
    issues.push(
      ...checkFactReferences(files.price.file, [...price.rules, ...scoped], names, [['$.scopedIndividually.reason', price.scopedIndividually.reason]]),
    );
    price.rules.forEach((r, i) => {
      if (r.event.params.kind === 'per_unit' && !r.event.params.unitsFact)
        issues.push({ file: files.price.file, path: `$.rules[${i}].event.params.unitsFact`, message: 'a per_unit line needs unitsFact' });
    });
  }
  if (gotchas) issues.push(...checkFactReferences(files.gotchas.file, gotchas.rules, names));
  if (timeline) issues.push(...checkFactReferences(files.timeline.file, timeline.rules, names));
  if (issues.length || !grades || !price || !scoped || !gotchas || !timeline) throw new EstimatorRulesError(issues);
  return {
    grades,
    price,
    gotchas,
    timeline,
    engines: {
      grades: compileRules(grades.rules),
      price: compileRules(price.rules),
      scoped: compileRules(scoped),
      gotchas: compileRules(gotchas.rules),
      timeline: compileRules(timeline.rules),
    },
  };
}
export type EstimatorRules = ReturnType<typeof loadEstimatorRules>;

export const estimatorRules = loadEstimatorRules(RULE_FILES.estimator);
