import type { MappingContext } from './context.ts';
import type { FixedValue, ObjectMapping } from './document.ts';

/** The field a deal's pipeline is set by; a fixed pipeline makes the row's stage map that pipeline's own stages. */
export const PIPELINE_FIELD = 'deal_pipeline_id';
export const LIFECYCLE_FIELD = 'lifecycle_stage_id';

/** The value a row fixes for a field, if any. */
export const fixedValue = (o: ObjectMapping | undefined, field: string) => o?.fixed?.find((f) => f.field === field)?.value;

/**
 * Values no column of the export carries but the pair card implies (rules/scoping/freshsales-defaults.json): a record
 * written as a stand-in for an object this account keeps differently (FastTrack's prospects, Freshsales leads, are Suite
 * contacts at the Lead lifecycle stage), and a pipeline of its own for support work written as deals (Soffront's
 * tickets), on plans that allow several. A column filling the field wins; an engineer's earlier choice stands.
 */
export function proposeFixedValues(objects: ObjectMapping[], ctx: MappingContext, previous: ObjectMapping[]): ObjectMapping[] {
  const rules = ctx.rules.defaults;
  const plan = ctx.destination.plans.find((p) => p.id === ctx.plan);
  return objects.map((o) => {
    const before = previous.find((p) => p.row === o.row)?.fixed;
    if (before !== undefined) return { ...o, fixed: before };
    const row = ctx.pair.rows.find((r) => r.id === o.row);
    if (!row) return o;
    const filled = new Set(o.fields.flatMap((f) => (f.target.kind === 'standard' ? [f.target.field] : [])));
    const fixed: FixedValue[] = [];
    for (const s of rules.standIns) {
      if (o.destinationObject !== s.writtenAs || !row.destination.objects.includes(s.object) || row.destination.objects.includes(s.writtenAs)) continue;
      for (const v of s.set)
        if (!filled.has(v.field)) fixed.push({ field: v.field, value: v.value, reason: `the pair card makes ${row.source.label} records Freshsales ${s.object}s: ${s.why}` });
    }
    const own = rules.dedicatedPipelines.find((p) => p.sourceObjects.includes(o.sourceObject));
    if (own && o.destinationObject === 'deal' && plan?.features.multiplePipelines && !filled.has(PIPELINE_FIELD))
      fixed.push({ field: PIPELINE_FIELD, value: own.pipeline, reason: `${ctx.source.name} ${row.source.label.toLowerCase()} records load as deals in the ${own.pipeline} pipeline: ${own.why}` });
    return fixed.length ? { ...o, fixed } : o;
  });
}

/** The catch-all account the pair card names for contacts without a company; an engineer's earlier choice (even none) stands. */
export function proposeCatchAllAccounts(objects: ObjectMapping[], ctx: MappingContext, previous: ObjectMapping[]): ObjectMapping[] {
  return objects.map((o) => {
    const before = previous.find((p) => p.row === o.row);
    const name = before ? before.catchAllAccount : ctx.pair.rows.find((r) => r.id === o.row)?.catchAllAccount;
    return name !== undefined && o.destinationObject === 'contact' ? { ...o, catchAllAccount: name } : o;
  });
}
