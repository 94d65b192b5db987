import { describe, expect, it } from 'vitest';
import { RULE_FILES, knowledgeBase } from '../../rules/index.ts';
import { computeApiMath } from '../../src/estimator/api-math.ts';
import { deriveFacts, FACT_NAMES } from '../../src/estimator/facts.ts';
import { EstimateInput } from '../../src/estimator/input.ts';
import { EstimatorRulesError, estimatorRules, loadEstimatorRules } from '../../src/estimator/rules.ts';

const files = () => structuredClone(RULE_FILES.estimator) as typeof RULE_FILES.estimator & Record<string, { file: string; data: any }>;
const issuesOf = (f: ReturnType<typeof files>) => {
  try {
    loadEstimatorRules(f);
    return [];
  } catch (e) {
    if (!(e instanceof EstimatorRulesError)) throw e;
    return e.issues;
  }
};

describe('estimator rule files', () => {
  it('load through their schemas with every fact known', () => {
    expect(issuesOf(files())).toEqual([]);
    expect(estimatorRules.price.rules.length).toBeGreaterThan(5);
  });

  it('refuse an unknown fact in a condition, naming file and path', () => {
    const f = files();
    (f.grades.data as any).rules[0].conditions.all[0].fact = 'moonPhase';
    expect(issuesOf(f)).toEqual([
      expect.objectContaining({ file: 'rules/estimator/grades.json', path: '$.rules[0].conditions.all[0].fact', message: expect.stringContaining('moonPhase') }),
    ]);
  });

  it('refuse an unknown operator', () => {
    const f = files();
    (f.price.data as any).rules[0].conditions.all[0].operator = 'roughlyEqual';
    const issues = issuesOf(f);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'rules/estimator/price.json', path: expect.stringContaining('$.rules[0].conditions') });
  });

  it('refuse an unknown {placeholder} in a text and an unknown units fact', () => {
    const f = files();
    (f.gotchas.data as any).rules[0].event.params.title = 'Too many {widgets}';
    const perUnit = (f.price.data as any).rules.find((r: any) => r.event.params.kind === 'per_unit');
    perUnit.event.params.unitsFact = 'sprockets';
    const messages = issuesOf(f).map((i) => i.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringContaining('"widgets"'), expect.stringContaining('"sprockets"')]));
  });

  it('refuse an unknown key and a duplicate rule name', () => {
    const f = files();
    (f.timeline.data as any).rules[0].weight = 3;
    expect(issuesOf(f)).toEqual([expect.objectContaining({ path: '$.rules[0]', message: expect.stringContaining('weight') })]);
    const g = files();
    const t = g.timeline.data as any;
    t.rules[1].name = t.rules[2].name;
    expect(issuesOf(g)).toEqual([expect.objectContaining({ path: '$.rules[2].name', message: expect.stringContaining('duplicate') })]);
  });

  it('the list of fact names is exactly what deriveFacts produces plus the later-pass facts', () => {
    const source = knowledgeBase.source('kartra')!;
    const destination = knowledgeBase.destination('freshsales')!;
    const pair = knowledgeBase.pair('kartra', 'freshsales')!;
    const plan = destination.plans[0]!;
    const input = EstimateInput.parse({ source: 'kartra', destination: 'freshsales' });
    const api = computeApiMath({ records: {}, source, destination, pair, plan, constants: estimatorRules.timeline });
    const keys = Object.keys(deriveFacts({ input, source, destination, pair, plan, api }));
    expect([...FACT_NAMES].sort()).toEqual([...keys, 'calendarMinDays', 'calendarMaxDays', 'overallGrade'].sort());
  });
});
