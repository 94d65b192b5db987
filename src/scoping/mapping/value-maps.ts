import type { InventoryObject } from '../discovery/inventory.ts';
import { nameSimilarity, normaliseKey, words } from '../text.ts';
import type { MappingContext } from './context.ts';
import { VALUE_MAP_KINDS, type ObjectMapping, type ValueMap, type ValueMapEntry } from './document.ts';
import { fixedValue, LIFECYCLE_FIELD, PIPELINE_FIELD } from './fixed-values.ts';

type Kind = (typeof VALUE_MAP_KINDS)[number];

/** Standard Freshsales fields whose values Ferry knows, and the kind of map each needs. */
function kindOf(object: string, field: string): Kind | undefined {
  if (object === 'deal' && field === 'deal_stage_id') return 'stage';
  if (field === 'lifecycle_stage_id') return 'lifecycle';
  if (field === 'contact_status_id') return 'status';
  if (object === 'lead' && field === 'lead_stage_id') return 'lead_stage';
  if (field === 'subscription_status') return 'consent';
  return undefined;
}

/** Fields that are dropdowns but are resolved elsewhere: owners by the owner plan, links by the relationship keys. */
const RESOLVED_ELSEWHERE = new Set(['owner_id', 'sales_account_id', 'sales_accounts', 'contacts_added_list', 'parent_sales_account_id', 'deal_id', 'product_id', 'targetable_id', 'targetable_type']);

const hasPhrase = (value: string, phrases: string[]) => {
  const w = ` ${words(value).join(' ')} `;
  return phrases.find((p) => w.includes(` ${words(p).join(' ')} `));
};

/**
 * The Freshsales values a map may choose from. A row fixed to a lifecycle stage (a lead) takes that stage's statuses only;
 * a row with a pipeline of its own takes none, since its stages are made from its values.
 */
function choicesFor(kind: Kind, ctx: MappingContext, o: ObjectMapping): string[] {
  const d = ctx.rules.defaults;
  const stage = fixedValue(o, LIFECYCLE_FIELD);
  const pipeline = fixedValue(o, PIPELINE_FIELD);
  if (kind === 'stage') return pipeline && pipeline !== d.pipeline.name ? [] : d.pipeline.stages.map((s) => s.name);
  if (kind === 'lifecycle') return d.lifecycleStages.map((s) => s.name);
  if (kind === 'status') return d.lifecycleStages.filter((s) => !stage || s.name === stage).flatMap((s) => s.statuses);
  if (kind === 'consent') return d.subscriptionStatuses.map((s) => s.value);
  if (kind === 'lead_stage') return d.leadStages;
  return [];
}

/** The best Freshsales value for one source value, or null with the reason nobody should guess. */
function matchValue(value: string, kind: Kind, choices: string[], ctx: MappingContext, position?: { index: number; of: number }, pipeline?: string): Omit<ValueMapEntry, 'source' | 'count' | 'confirmed'> {
  if (kind === 'choice') return { target: value, confidence: 0.7, reason: 'kept as the same choice; preflight checks Freshsales offers it' };
  if (kind === 'stage' && !choices.length && pipeline) return { target: value, confidence: 0.9, reason: `a stage of the ${pipeline} pipeline, made from this value` };
  const exact = choices.find((c) => normaliseKey(c) === normaliseKey(value));
  if (exact) return { target: exact, confidence: 1, reason: 'same name' };
  const hints = ctx.rules.valueHints;
  const stages = ctx.rules.defaults.pipeline.stages;
  if (kind === 'stage') {
    for (const outcome of ['won', 'lost'] as const) {
      const hit = hasPhrase(value, hints.stage[outcome]);
      const stage = stages.find((s) => s.kind === outcome);
      if (hit && stage) return { target: stage.name, confidence: 0.9, reason: `"${hit}" marks a ${outcome} deal` };
    }
  }
  if (kind === 'lifecycle' || kind === 'lead_stage')
    for (const [stage, phrases] of Object.entries(kind === 'lifecycle' ? hints.lifecycle : hints.leadStage)) {
      const hit = hasPhrase(value, phrases);
      if (hit && choices.includes(stage)) return { target: stage, confidence: 0.75, reason: `"${hit}" describes the ${stage} stage` };
    }
  if (kind === 'consent')
    for (const [meaning, phrases] of Object.entries(hints.consent)) {
      const hit = hasPhrase(value, phrases);
      const status = ctx.rules.defaults.subscriptionStatuses.find((s) => s.meaning === meaning);
      if (hit && status) return { target: status.value, confidence: 0.8, reason: `"${hit}" means ${meaning.replace('_', ' ')}` };
    }
  const similar = choices.map((c) => ({ c, s: nameSimilarity(value, c) })).sort((a, b) => b.s - a.s)[0];
  if (similar && similar.s >= 0.8) return { target: similar.c, confidence: Math.round(similar.s * 90) / 100, reason: `name resembles "${similar.c}"` };
  if (kind === 'stage' && position) {
    const open = stages.filter((s) => s.kind === 'open');
    const stage = open[Math.min(open.length - 1, Math.floor((position.index / Math.max(1, position.of)) * open.length))]!;
    return { target: stage.name, confidence: 0.55, reason: `by position: stage ${position.index + 1} of ${position.of} in ${ctx.source.name} → "${stage.name}"; confirm it` };
  }
  return { target: null, confidence: 0, reason: 'no Freshsales value matches; choose one' };
}

/** Value maps for every mapped picklist whose Freshsales field has known values (stages, lifecycle, status, consent) or is a standard dropdown. */
export function proposeValueMaps(objects: ObjectMapping[], inventory: InventoryObject[], ctx: MappingContext, previous: ValueMap[]): ValueMap[] {
  const maps: ValueMap[] = [];
  for (const o of objects) {
    const inv = inventory.find((i) => i.object === o.sourceObject);
    const object = ctx.destination.objects.find((d) => d.id === o.destinationObject)!;
    for (const f of o.fields) {
      const target = f.target;
      if (target.kind !== 'standard' || RESOLVED_ELSEWHERE.has(target.field)) continue;
      const field = object.fields.find((x) => x.id === target.field);
      const kind = kindOf(object.id, target.field) ?? (field && ['dropdown', 'radio'].includes(field.type) ? 'choice' : undefined);
      if (!kind) continue;
      const values = inv?.columns.find((c) => c.header === f.column)?.profile.choices ?? [];
      const declared = ctx.source.objects.find((s) => s.id === o.sourceObject)?.fields.find((x) => x.id === f.sourceField)?.choices;
      const choices = choicesFor(kind, ctx, o);
      const id = `${o.row}.${f.column}`;
      const before = previous.find((m) => m.id === id);
      maps.push({
        id,
        row: o.row,
        column: f.column,
        target: `${object.id}.${target.field}`,
        kind,
        choices,
        entries: values.map(({ value, count }) => {
          // What an earlier version decided for a value stands; only new values get a fresh proposal.
          const kept = before?.entries.find((e) => e.source === value);
          if (kept) return { ...kept, count };
          const index = declared?.findIndex((d) => normaliseKey(d) === normaliseKey(value)) ?? -1;
          return { source: value, count, ...matchValue(value, kind, choices, ctx, index >= 0 ? { index, of: declared!.length } : undefined, fixedValue(o, PIPELINE_FIELD)), confirmed: false };
        }),
      });
    }
  }
  return maps;
}
