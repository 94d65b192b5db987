import { GRADE_DIMENSIONS, GRADES, type Grade, type GradeDimension, type GradeRules } from '../../rules/schema/estimator.ts';
import { fill } from './rules-engine.ts';

const DIMENSION_LABELS: Record<GradeDimension, string> = {
  objectCompatibility: 'Object compatibility',
  fieldMappingClarity: 'Field mapping clarity',
  timelineComplexity: 'Timeline complexity',
  apiConstraints: 'API constraints',
  dataVolumeSensitivity: 'Data volume sensitivity',
};

const rank = (g: Grade) => GRADES.indexOf(g);

/**
 * Each dimension takes the worst grade among the rules that fired for it (or its default). The overall grade is
 * the rounded mean, except that any E makes the whole migration E: it is then scoped individually.
 */
export function gradeEstimate(rules: GradeRules, fired: GradeRules['rules'], facts: Record<string, unknown>) {
  const dimensions = GRADE_DIMENSIONS.map((dimension) => {
    const d = rules.defaults[dimension]!;
    let best = { grade: d.grade, reason: d.reason };
    for (const r of fired)
      if (r.event.params.dimension === dimension && rank(r.event.params.grade) >= rank(best.grade)) best = r.event.params;
    return { dimension, label: DIMENSION_LABELS[dimension], grade: best.grade, reason: fill(best.reason, facts) };
  });
  const ranks = dimensions.map((d) => rank(d.grade));
  const worst = Math.max(...ranks);
  const overallRank = worst === rank('E') ? worst : Math.floor(ranks.reduce((a, b) => a + b, 0) / ranks.length + 0.5);
  const grade = GRADES[overallRank]!;
  const drivers = dimensions.filter((d) => rank(d.grade) === worst).map((d) => d.label.toLowerCase());
  return {
    dimensions,
    overall: {
      grade,
      label: rules.labels[grade],
      reason:
        worst === 0
          ? 'Every dimension grades A.'
          : `Mean of the five dimensions; the hardest ${drivers.length > 1 ? 'parts are' : 'part is'} ${drivers.join(', ')} (${GRADES[worst]}).`,
    },
  };
}
