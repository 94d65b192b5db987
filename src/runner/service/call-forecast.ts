import type { KnowledgeBase } from '../../../rules/index.ts';
import type { TimelineRules } from '../../../rules/schema/estimator.ts';
import { computeApiMath, type CallLine } from '../../estimator/api-math.ts';
import type { Edition } from '../../scoping/editions.ts';
import type { Mapping } from '../../scoping/mapping/document.ts';
import type { CallCounts } from '../pipeline/call-tally.ts';
import { foldListName } from '../pipeline/lists-kinds.ts';
import { ACCOUNT_NAME_FIELDS, type PlanObject } from '../pipeline/plan.ts';

/** How far the real count may stray from the estimate before the summary flags it. */
export const CALL_TOLERANCE = 0.1;

export interface CallReport {
  /** Calls the run made to Freshsales, by step (retries included). */
  actual: { total: number; byStep: CallCounts };
  /** The estimator's count for this scope's record counts and plan; null for runs it does not predict. */
  predicted: { total: number; lines: CallLine[] } | null;
  /** actual ÷ predicted − 1, for the steps the estimate covers (rollback is not part of a migration's quote). */
  deviation: number | null;
  withinTolerance: boolean | null;
  note: string;
}

/**
 * Sets the calls a run made beside what the estimator predicts for the same scope: the record counts discovery found
 * per source object, the pair card and the run's Freshsales plan. Only full runs are predicted: a sample writes a
 * handful of records and a delta only what changed.
 */
export function callReport(
  deps: { kb: KnowledgeBase; timeline: TimelineRules },
  run: { mode: string; sourcePlatform: string; plan: string; edition?: Edition },
  mapping: Mapping,
  loadPlan: PlanObject[],
  byStep: CallCounts,
): CallReport {
  const migration = Object.entries(byStep).filter(([step]) => step !== 'rolling_back').reduce((n, [, c]) => n + c, 0);
  const actual = { total: Object.values(byStep).reduce((n, c) => n + c, 0), byStep };
  const source = deps.kb.source(run.sourcePlatform);
  const destination = deps.kb.destination('freshsales');
  const pair = deps.kb.pair(run.sourcePlatform, 'freshsales');
  const plan = destination?.plans.find((p) => p.id === run.plan);
  if (run.mode !== 'full' || !source || !destination || !pair || !plan) {
    return { actual, predicted: null, deviation: null, withinTolerance: null, note: run.mode === 'full' ? 'no estimate for this platform pair' : `a ${run.mode} run is not estimated` };
  }
  const records: Record<string, number> = {};
  // Line items (a deal's products) count by the parents that carry them: the distinct values of the column naming the parent.
  const lineItemParents: Record<string, number> = {};
  for (const o of mapping.objects) {
    const parent = deps.timeline.lineItemObjects[o.destinationObject];
    if (parent === undefined) {
      records[o.sourceObject] = (records[o.sourceObject] ?? 0) + o.rows;
      continue;
    }
    const link = mapping.relationships.find((r) => r.from.row === o.row && mapping.objects.find((x) => x.row === r.to.row)?.destinationObject === parent);
    const distinct = link?.from.column ? loadPlan.find((p) => p.object === o.row)?.profiles[link.from.column]?.distinct : undefined;
    lineItemParents[o.destinationObject] = (lineItemParents[o.destinationObject] ?? 0) + (distinct ?? o.rows);
  }
  // Accounts made from a free-text company column count as the pair's account row: one per distinct name discovery saw.
  const accountRow = pair.rows.find((r) => r.writesTo === 'sales_account');
  if (accountRow && !records[accountRow.source.object]) {
    for (const d of loadPlan.filter((p) => p.derivedFrom)) {
      const from = loadPlan.find((p) => p.object === d.derivedFrom);
      const column = from?.mapping?.fields.find((f) => f.target.kind === 'standard' && ACCOUNT_NAME_FIELDS.includes(f.target.field))?.column;
      records[accountRow.source.object] = (records[accountRow.source.object] ?? 0) + (column ? (from!.profiles[column]?.distinct ?? 0) : 0);
    }
  }
  // Memberships named by a column sent to lists: a list per distinct name (case and spacing ignored), its members as
  // discovery counted the name, counted as the pair row that writes the list-holding object.
  const listMembers: Record<string, number[]> = {};
  for (const o of mapping.objects) {
    const holder = destination.objects.find((d) => d.members?.object === o.destinationObject);
    const listRow = holder && pair.rows.find((r) => r.writesTo === holder.id);
    if (!holder || !listRow) continue;
    for (const f of o.fields.filter((x) => x.target.kind === 'list')) {
      const sizes = new Map<string, number>();
      for (const c of loadPlan.find((p) => p.object === o.row)?.profiles[f.column]?.choices ?? []) sizes.set(foldListName(c.value), (sizes.get(foldListName(c.value)) ?? 0) + c.count);
      listMembers[holder.id] = [...(listMembers[holder.id] ?? []), ...sizes.values()];
      records[listRow.source.object] = (records[listRow.source.object] ?? 0) + sizes.size;
    }
  }
  // Only destination calls are counted on both sides: the run's budget meters Freshsales.
  const math = computeApiMath({ records, source, destination, pair, plan, constants: deps.timeline, lineItemParents, listMembers, ...(run.edition ? { edition: run.edition } : {}) });
  const lines = math.calls.filter((c) => c.phase !== 'extract');
  const total = lines.reduce((n, c) => n + c.calls, 0);
  const deviation = total > 0 ? migration / total - 1 : null;
  const withinTolerance = deviation === null ? null : Math.abs(deviation) <= CALL_TOLERANCE;
  return {
    actual,
    predicted: { total, lines },
    deviation: deviation === null ? null : Math.round(deviation * 1000) / 1000,
    withinTolerance,
    note: `${migration} calls made against ${total} estimated${deviation === null ? '' : ` (${deviation >= 0 ? '+' : ''}${Math.round(deviation * 100)}%)`}`,
  };
}
