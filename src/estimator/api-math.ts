import type { MappingRow, Pair } from '../../rules/schema/pair.ts';
import type { DestinationPlatform, Plan, SourcePlatform } from '../../rules/schema/platform.ts';
import type { TimelineRules } from '../../rules/schema/estimator.ts';
import { DEFAULT_EDITION, editionObject, type Edition } from '../scoping/editions.ts';

export interface CallLine {
  phase: 'extract' | 'setup' | 'load' | 'reconcile';
  object: string;
  records: number;
  /** How the calls are counted: one per page, one per bulk batch (plus its job-status poll), one per record. */
  per: 'page' | 'batch' | 'record' | 'fixed';
  calls: number;
}

export interface ApiMath {
  calls: CallLine[];
  sourceCalls: number;
  destinationCalls: number;
  sourceCallsPerHour: number | null;
  destinationCallsPerHour: number;
  extractHours: number;
  loadHours: number;
  transferHours: number;
  binding: { phase: 'extract' | 'load'; limit: string; description: string };
  assumptions: string[];
}

const PLAN_ORDER = ['growth', 'pro', 'enterprise'] as const;
const planAllows = (plan: Plan, minPlan: string | undefined) =>
  !minPlan || PLAN_ORDER.indexOf(plan.id) >= PLAN_ORDER.indexOf(minPlan as Plan['id']);

/**
 * The destination object a row's records are written to on this plan, or null when the row writes nothing itself —
 * also when the plan lacks what it writes and its fallback carries its values onto records another row writes
 * (custom objects below Enterprise fill their deal's fields, at no call of their own).
 */
export function rowTarget(row: MappingRow, destination: DestinationPlatform, plan: Plan, edition: Edition = DEFAULT_EDITION) {
  // On an edition that keeps an object of the row's own (Classic's leads), the row writes that instead of its stand-in.
  const own = editionObject(row, destination, edition);
  if (own && planAllows(plan, own.minPlan)) return own;
  const o = row.writesTo ? destination.objects.find((x) => x.id === row.writesTo) : undefined;
  return o && o.write !== 'not_via_api' && planAllows(plan, o.minPlan) ? o : null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A destination object holding other records as members (a contact list). */
type ListHolder = DestinationPlatform['objects'][number] & { members: NonNullable<DestinationPlatform['objects'][number]['members']> };

/**
 * Counts the API calls a migration needs and how long they take at the binding limit. Pure arithmetic over the
 * knowledge base: source reads at the channel's page cap and rate, destination writes at the plan's hourly and
 * per-minute budgets, bulk upserts of up to `bulkUpsertSize` records a call where the object supports it.
 */
export function computeApiMath(args: {
  records: Record<string, number>;
  source: SourcePlatform;
  destination: DestinationPlatform;
  pair: Pair;
  plan: Plan;
  constants: Pick<TimelineRules, 'defaultSourceCallsPerSecond' | 'setupCalls' | 'readBackPageSize' | 'listViews' | 'activityObjects' | 'activityDescribeCalls' | 'fileObjects' | 'moduleObjects' | 'moduleDescribeCalls' | 'lineItemObjects' | 'editionObjectDescribeCalls'>;
  /** The Freshsales edition written to (Suite unless said): Classic keeps leads as leads, written one call each. */
  edition?: Edition;
  /** Parent records that carry line items, by line-item object (deals with products), when known; a quote assumes every parent. */
  lineItemParents?: Record<string, number>;
  /**
   * Members of each list, by list-holding destination object (contact lists), when known from the profiled column that
   * names them; a quote assumes each member record belongs to one list, the lists of even size.
   */
  listMembers?: Record<string, number[]>;
}): ApiMath {
  const { records, source, destination, pair, plan, constants, edition = DEFAULT_EDITION } = args;
  const calls: CallLine[] = [];
  const assumptions: string[] = [];

  /**
   * Lists are found by name in one listing of the account's lists, created one call each, filled `perCall` member ids a
   * call, and read back a page of members at a time (an account without lists of these names is assumed).
   */
  const listCalls = (row: MappingRow, target: ListHolder, n: number): CallLine[] => {
    const { object: memberObject, perCall } = target.members;
    let sizes = args.listMembers?.[target.id];
    if (!sizes) {
      const members = pair.rows.filter((r) => rowTarget(r, destination, plan, edition)?.id === memberObject).reduce((sum, r) => sum + (records[r.source.object] ?? 0), 0);
      sizes = Array.from({ length: n }, () => Math.ceil(members / n));
      assumptions.push(`Each ${memberObject} is assumed to belong to one ${target.label.toLowerCase()}, the ${n} lists of even size.`);
    }
    const memberships = sizes.reduce((a, m) => a + m, 0);
    return [
      { phase: 'setup', object: `${target.id} names`, records: 0, per: 'page', calls: 1 },
      { phase: 'load', object: `${row.source.object} → ${target.id}`, records: n, per: 'record', calls: n },
      { phase: 'load', object: `${target.id} members`, records: memberships, per: 'batch', calls: sizes.reduce((a, m) => a + Math.ceil(m / perCall), 0) },
      { phase: 'reconcile', object: `${target.id} members`, records: memberships, per: 'page', calls: sizes.reduce((a, m) => a + Math.max(1, Math.ceil(m / constants.readBackPageSize)), 0) },
    ];
  };
  const api = source.channels.api;

  // Extract: every counted source object is read once through the API; export-file sources cost no calls.
  let sourceCallsPerHour: number | null = null;
  if (api) {
    const perSecond = api.rateLimit ? api.rateLimit.calls / api.rateLimit.perSeconds : constants.defaultSourceCallsPerSecond;
    if (!api.rateLimit)
      assumptions.push(`${source.name} publishes no API rate limit; reads are planned at ${constants.defaultSourceCallsPerSecond} calls per second.`);
    sourceCallsPerHour = perSecond * 3600;
    for (const o of source.objects) {
      const n = records[o.id] ?? 0;
      if (n > 0) calls.push({ phase: 'extract', object: o.id, records: n, per: api.pagination.pageSize === 1 ? 'record' : 'page', calls: Math.ceil(n / api.pagination.pageSize) });
    }
  }

  calls.push({ phase: 'setup', object: 'field settings and selectors', records: 0, per: 'fixed', calls: constants.setupCalls });
  // Load and read-back, per destination object written.
  const written = new Map<string, number>();
  for (const row of pair.rows) {
    const n = records[row.source.object] ?? 0;
    // Records delivered as a document package (knowledge-base articles) are written to a file Ferry hands over, not to the API.
    const target = n > 0 && !row.documentPackage ? rowTarget(row, destination, plan, edition) : null;
    if (!target) continue;
    if (target.members) {
      // Without lists on the plan the names ride on the member records, in a multi-select field: no calls of their own.
      if (plan.features.contactLists) calls.push(...listCalls(row, target as ListHolder, n));
      continue;
    }
    const bulk = target.write === 'bulk_upsert';
    calls.push({
      phase: 'load',
      object: `${row.source.object} → ${target.id}`,
      records: n,
      per: bulk ? 'batch' : 'record',
      // A bulk upsert is one call per batch plus one job-status poll.
      calls: bulk ? Math.ceil(n / plan.bulkUpsertSize) * 2 : n,
    });
    written.set(target.id, (written.get(target.id) ?? 0) + n);
  }
  // Line items go onto their parent as one list (a deal's products, or its "Line items" text on a plan without the
  // catalogue): one write per parent that has any, and one read of it to check them.
  for (const row of pair.rows) {
    for (const [object, parent] of Object.entries(constants.lineItemObjects)) {
      if (!row.destination.objects.includes(object)) continue;
      const known = args.lineItemParents?.[object];
      const parents = () => pair.rows.filter((r) => rowTarget(r, destination, plan, edition)?.id === parent).reduce((sum, r) => sum + (records[r.source.object] ?? 0), 0);
      const n = known ?? ((records[row.source.object] ?? 0) > 0 ? parents() : 0);
      if (known === undefined && n > 0) assumptions.push(`Line items are written as one list per ${parent}; the estimate assumes every ${parent} carries some.`);
      if (n === 0) continue;
      calls.push({ phase: 'load', object: `${row.source.object} → ${object}`, records: n, per: 'record', calls: n });
      calls.push({ phase: 'reconcile', object, records: n, per: 'record', calls: n });
    }
  }
  // Each written object is listed twice: before loading, for the before-images rollback needs (an empty account is
  // assumed: the view list plus a page per view), and after, to read every record back. Activities and uploaded files
  // have no such list: none is listed before, and each is read back by its id.
  const activities = [...written.keys()].filter((o) => constants.activityObjects.includes(o));
  if (activities.length) calls.push({ phase: 'setup', object: 'activity field settings and selectors', records: 0, per: 'fixed', calls: constants.activityDescribeCalls });
  for (const object of written.keys())
    if (destination.objects.find((o) => o.id === object)?.editions)
      calls.push({ phase: 'setup', object: `${object} field settings and selectors`, records: 0, per: 'fixed', calls: constants.editionObjectDescribeCalls });
  if ([...written.keys()].some((o) => constants.moduleObjects.includes(o)))
    calls.push({ phase: 'setup', object: 'custom module definitions and fields', records: 0, per: 'fixed', calls: constants.moduleDescribeCalls });
  for (const [object, n] of written) {
    if (activities.includes(object) || constants.fileObjects.includes(object) || constants.moduleObjects.includes(object)) {
      calls.push({ phase: 'reconcile', object, records: n, per: 'record', calls: n });
      continue;
    }
    const views = constants.listViews[object] ?? 1;
    calls.push({ phase: 'setup', object: `${object} before-images`, records: 0, per: 'page', calls: 1 + views });
    calls.push({ phase: 'reconcile', object, records: n, per: 'page', calls: 1 + views + Math.floor(n / constants.readBackPageSize) });
  }

  const sum = (phases: CallLine['phase'][]) => calls.filter((c) => phases.includes(c.phase)).reduce((a, c) => a + c.calls, 0);
  const sourceCalls = sum(['extract']);
  const destinationCalls = sum(['setup', 'load', 'reconcile']);
  const perMinuteAsHourly = plan.apiCallsPerMinute * 60;
  const destinationCallsPerHour = Math.min(plan.apiCallsPerHour, perMinuteAsHourly);
  const extractHours = sourceCallsPerHour ? sourceCalls / sourceCallsPerHour : 0;
  const loadHours = destinationCalls / destinationCallsPerHour;
  const destLimit =
    plan.apiCallsPerHour <= perMinuteAsHourly
      ? `${destination.name} ${plan.label}: ${plan.apiCallsPerHour} API calls per hour per account`
      : `${destination.name} ${plan.label}: ${plan.apiCallsPerMinute} API calls per minute`;
  const binding =
    extractHours > loadHours && api
      ? {
          phase: 'extract' as const,
          limit: api.rateLimit ? `${api.rateLimit.calls} calls per ${api.rateLimit.perSeconds} s` : 'assumed source read rate',
          description: `${source.name} reads bind: ${sourceCalls} calls at ${Math.round(sourceCallsPerHour!)} per hour`,
        }
      : {
          phase: 'load' as const,
          limit: destLimit,
          description: `${destLimit} binds: ${destinationCalls} calls to write and read back`,
        };
  return {
    calls,
    sourceCalls,
    destinationCalls,
    sourceCallsPerHour,
    destinationCallsPerHour,
    extractHours: round2(extractHours),
    loadHours: round2(loadHours),
    transferHours: round2(extractHours + loadHours),
    binding,
    assumptions,
  };
}
