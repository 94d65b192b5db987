import type { Pair } from '../../rules/schema/pair.ts';
import type { TimelineRules } from '../../rules/schema/estimator.ts';
import type { ApiMath } from './api-math.ts';
import type { BaseFacts } from './facts.ts';
import { fill } from './rules-engine.ts';

export interface Phase {
  id: string;
  kind: string;
  title: string;
  minDays: number;
  maxDays: number;
  /** Where the duration comes from: the pair's approach, the API arithmetic, or a timeline rule. */
  basis: 'approach' | 'api' | 'rule' | 'option';
}

const half = (n: number) => Math.round(n * 2) / 2;
const tenth = (n: number) => Math.round(n * 10) / 10;

/**
 * Lays the pair's approach steps end to end, gives the extract and load steps the hours the API arithmetic says,
 * applies the options (delta window, hypercare) and the timeline rules that fired, and sums a calendar range.
 */
export function buildTimeline(args: {
  pair: Pair;
  api: ApiMath;
  facts: BaseFacts;
  options: { deltaWindowHours?: number; hypercareDays?: number };
  rules: TimelineRules;
  adders: TimelineRules['rules'];
}) {
  const { pair, api, facts, options, rules, adders } = args;
  const perDay = rules.transferHoursPerDay;
  const transfer = {
    extract: { min: api.extractHours / perDay, max: (api.extractHours / perDay) * rules.transferHeadroom },
    load: { min: api.loadHours / perDay, max: (api.loadHours / perDay) * rules.transferHeadroom },
  };
  const hasExtractStep = pair.approach.some((s) => s.kind === 'extract');
  const placed = new Set<string>();
  const phases: Phase[] = pair.approach.map((s) => {
    let min = s.days?.min ?? 0;
    let max = s.days?.max ?? 0;
    let basis: Phase['basis'] = 'approach';
    // The first extract step carries the read time; the first load step carries the write time (and the reads
    // too when the pair has no separate extract step).
    if ((s.kind === 'extract' || s.kind === 'load') && !placed.has(s.kind)) {
      placed.add(s.kind);
      const t = s.kind === 'load' && !hasExtractStep ? { min: transfer.load.min + transfer.extract.min, max: transfer.load.max + transfer.extract.max } : transfer[s.kind];
      min += t.min;
      max += t.max;
      basis = 'api';
    }
    if (s.kind === 'delta' && options.deltaWindowHours !== undefined) {
      min = max = options.deltaWindowHours / 24;
      basis = 'option';
    }
    if (s.kind === 'hypercare' && options.hypercareDays !== undefined) {
      min = max = options.hypercareDays;
      basis = 'option';
    }
    return { id: s.id, kind: s.kind, title: s.title, minDays: min, maxDays: max, basis };
  });
  if (!pair.approach.some((s) => s.kind === 'hypercare') && options.hypercareDays)
    phases.push({ id: 'hypercare', kind: 'hypercare', title: 'Hypercare', minDays: options.hypercareDays, maxDays: options.hypercareDays, basis: 'option' });

  adders.forEach((r) => {
    const times = r.event.params.perFact ? Number(facts[r.event.params.perFact as keyof BaseFacts]) : 1;
    phases.push({
      id: r.name,
      kind: r.event.params.phase,
      title: fill(r.event.params.label, facts),
      minDays: r.event.params.minDays * times,
      maxDays: r.event.params.maxDays * times,
      basis: 'rule',
    });
  });

  const rounded = phases.map((p) => ({ ...p, minDays: tenth(p.minDays), maxDays: tenth(p.maxDays) }));
  const minDays = half(phases.reduce((a, p) => a + p.minDays, 0));
  const maxDays = Math.max(minDays, half(phases.reduce((a, p) => a + p.maxDays, 0) + 0.49));
  return { phases: rounded, calendar: { minDays, maxDays } };
}
