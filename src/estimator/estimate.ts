import type { KnowledgeBase } from '../../rules/index.ts';
import { GOTCHA_SEVERITIES } from '../../rules/schema/estimator.ts';
import { issueList } from '../../rules/validate.ts';
import { computeApiMath } from './api-math.ts';
import { computeCompatibility } from './compatibility.ts';
import { deriveFacts } from './facts.ts';
import { gradeEstimate } from './grades.ts';
import { EstimateInput, type EstimateInputRaw } from './input.ts';
import { priceEstimate } from './price.ts';
import { fill } from './rules-engine.ts';
import type { EstimatorRules } from './rules.ts';
import { buildTimeline } from './timeline.ts';

/** A request the knowledge base cannot answer: each issue names the input path at fault. */
export class InvalidEstimateInput extends Error {
  readonly code = 'BAD_REQUEST' as const;
  readonly details: { path: string; message: string }[];
  constructor(details: { path: string; message: string }[]) {
    super(`invalid estimate input: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`);
    this.details = details;
  }
}

/** Checks ids against the knowledge base: platforms, the pair, and the source's object ids. */
function resolve(kb: KnowledgeBase, input: EstimateInput) {
  const issues: { path: string; message: string }[] = [];
  const sources = kb.platforms.filter((p) => p.role === 'source').map((p) => p.id);
  const destinations = kb.platforms.filter((p) => p.role === 'destination').map((p) => p.id);
  const source = kb.source(input.source);
  const destination = kb.destination(input.destination);
  if (!source) issues.push({ path: 'source', message: `unknown source "${input.source}"; valid: ${sources.join(', ')}` });
  if (!destination) issues.push({ path: 'destination', message: `unknown destination "${input.destination}"; valid: ${destinations.join(', ')}` });
  const pair = source && destination ? kb.pair(source.id, destination.id) : undefined;
  if (source && destination && !pair) issues.push({ path: 'destination', message: `no migration path from ${source.id} to ${destination.id}` });
  if (source) {
    const objects = source.objects.map((o) => o.id);
    for (const key of ['records', 'customFields'] as const)
      for (const id of Object.keys(input[key]))
        if (!objects.includes(id)) issues.push({ path: `${key}.${id}`, message: `"${id}" is not an object of ${source.name}; valid: ${objects.join(', ')}` });
  }
  if (issues.length || !source || !destination || !pair) throw new InvalidEstimateInput(issues);
  const plan = destination.plans.find((p) => p.id === input.plan)!;
  return { source, destination, pair, plan };
}

const SEVERITY_RANK = (s: string) => GOTCHA_SEVERITIES.indexOf(s as (typeof GOTCHA_SEVERITIES)[number]);

/**
 * The instant quote: compatibility, grades, a timeline computed from API limits, a rule-based price and the gotchas
 * this input triggers. Pure: the same input and rules always give the same result.
 */
export async function estimate(deps: { kb: KnowledgeBase; rules: EstimatorRules }, raw: EstimateInputRaw) {
  const parsed = EstimateInput.safeParse(raw);
  if (!parsed.success)
    throw new InvalidEstimateInput(issueList(parsed.error.issues));
  const input = parsed.data;
  const { kb, rules } = deps;
  const { source, destination, pair, plan } = resolve(kb, input);

  const api = computeApiMath({ records: input.records, source, destination, pair, plan, constants: rules.timeline });
  const base = deriveFacts({ input, source, destination, pair, plan, api });
  const timeline = buildTimeline({ pair, api, facts: base, options: input.options, rules: rules.timeline, adders: await rules.engines.timeline.run(base) });
  const afterTimeline = { ...base, calendarMinDays: timeline.calendar.minDays, calendarMaxDays: timeline.calendar.maxDays, overallGrade: '' };
  const grades = gradeEstimate(rules.grades, await rules.engines.grades.run(afterTimeline), afterTimeline);
  const facts = { ...afterTimeline, overallGrade: grades.overall.grade };

  const scoped = (await rules.engines.scoped.run(facts)).length > 0;
  const price = priceEstimate(rules.price, await rules.engines.price.run(facts), scoped, facts);
  const ruleGotchas = (await rules.engines.gotchas.run(facts)).map((r) => ({
    id: r.name,
    severity: r.event.params.severity,
    title: fill(r.event.params.title, facts),
    explanation: fill(r.event.params.explanation, facts),
    mitigation: fill(r.event.params.mitigation, facts),
    origin: 'rule' as const,
    ref: r.event.params.ref ?? null,
  }));
  const pairGotchas = pair.challenges.map((g) => ({ ...g, origin: 'pair' as const, ref: null }));
  const gotchas = [...ruleGotchas, ...pairGotchas].sort((a, b) => SEVERITY_RANK(a.severity) - SEVERITY_RANK(b.severity));

  const compatibility = computeCompatibility(pair.rows);
  const counted = new Set(Object.entries(input.records).filter(([, n]) => n > 0).map(([k]) => k));
  const warnings = [
    ...(counted.size === 0 ? ['No record counts were given: the quote covers setup only. Add counts per object for a real timeline.'] : []),
    ...pair.rows
      .filter((r) => r.handling === 'migrate' && r.writesTo && !counted.has(r.source.object))
      .map((r) => `No count for ${r.source.label}: it is quoted as empty.`),
  ];
  const assumptions = [
    `Destination is ${destination.name} on the ${plan.label} plan: ${plan.apiCallsPerHour} API calls per hour and ${plan.apiCallsPerMinute} per minute per account, with the whole budget available to the migration.`,
    `Contacts, accounts and deals load by bulk upsert, ${plan.bulkUpsertSize} records a call plus one job-status poll; other objects cost one call per record; read-back pages ${rules.timeline.readBackPageSize} records a call, except activities (tasks, appointments, sales activities, notes), read back one call each.`,
    `Associations (account, contacts, owner) travel inside each record's payload and cost no extra calls.`,
    `Unattended transfer runs ${rules.timeline.transferHoursPerDay} hours a day; the upper bound adds ${Math.round((rules.timeline.transferHeadroom - 1) * 100)}% for retries and a re-run after fixes.`,
    `File storage is sized for ${input.options.destinationUsers} ${destination.name} users.`,
    ...api.assumptions,
    ...(source.channels.api ? [] : [`${source.name} data comes from export files, which cost no API calls to read.`]),
  ];

  return {
    knowledgeVersion: kb.version,
    input,
    source: { id: source.id, name: source.name },
    destination: { id: destination.id, name: destination.name },
    plan: { id: plan.id, label: plan.label },
    compatibility: {
      ...compatibility,
      rows: pair.rows.map((r) => ({ id: r.id, source: r.source, destination: r.destination, cardinality: r.cardinality, support: r.support, handling: r.handling })),
    },
    grades,
    timeline: {
      api: {
        calls: api.calls,
        sourceCalls: api.sourceCalls,
        destinationCalls: api.destinationCalls,
        sourceCallsPerHour: api.sourceCallsPerHour,
        destinationCallsPerHour: api.destinationCallsPerHour,
        extractHours: api.extractHours,
        loadHours: api.loadHours,
        transferHours: api.transferHours,
        binding: api.binding,
      },
      phases: timeline.phases,
      calendar: timeline.calendar,
    },
    price,
    gotchas,
    warnings,
    assumptions,
  };
}
export type Estimate = Awaited<ReturnType<typeof estimate>>;
