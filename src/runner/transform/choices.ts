import type { ValueMap } from '../../scoping/mapping/document.ts';
import type { DestinationChoice, DestinationDescription, DestinationField } from '../protocol.ts';

/** Standard dropdowns whose choices come from a selector list rather than the field's own choices. */
export const FIELD_SELECTORS: Record<string, string> = {
  lead_source_id: 'lead_sources',
  deal_type_id: 'deal_types',
  deal_reason_id: 'deal_reasons',
  deal_payment_status_id: 'deal_payment_statuses',
  deal_stage_id: 'deal_stages',
  deal_pipeline_id: 'deal_pipelines',
  currency_id: 'currencies',
  territory_id: 'territories',
  industry_type_id: 'industry_types',
  business_type_id: 'business_types',
  contact_status_id: 'contact_statuses',
  lifecycle_stage_id: 'lifecycle_stages',
  campaign_id: 'campaigns',
  subscription_status: 'subscription_statuses',
  lead_stage_id: 'lead_stages',
};

/** Where a dropdown's choices come from, and whether Freshsales takes the choice id (standard *_id fields) or its value. */
export interface ChoiceList {
  choices: DestinationChoice[];
  send: 'id' | 'value';
}

/** The choices a dropdown field offers in this account; null when the account lists none for it. */
export function choiceList(field: DestinationField, destination: DestinationDescription): ChoiceList | null {
  const send = !field.custom && field.name.endsWith('_id') ? 'id' : 'value';
  if (field.choices.length) return { choices: field.choices, send };
  const selector = FIELD_SELECTORS[field.name];
  const choices = selector ? destination.selectors[selector] : undefined;
  return choices ? { choices, send } : null;
}

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/** The choice with this value: exactly, else ignoring case and surrounding spaces. */
export function findChoice(choices: DestinationChoice[], value: string): DestinationChoice | undefined {
  return choices.find((c) => c.value === value) ?? choices.find((c) => fold(c.value) === fold(value));
}

/** The choices for a message: the first ten, then how many more. */
export function listChoices(choices: DestinationChoice[]): string {
  const shown = choices.slice(0, 10).map((c) => c.value).join(', ');
  return choices.length > 10 ? `${shown} … (${choices.length - 10} more)` : shown;
}

export type MappedValue = { kind: 'mapped'; target: string } | { kind: 'undecided' } | { kind: 'unmapped' };

/** What a value map makes of a source value: its entry's target (matched exactly, else ignoring case), undecided, or no entry. */
export function mapValue(map: ValueMap | undefined, value: string): MappedValue {
  if (!map) return { kind: 'unmapped' };
  const entry = map.entries.find((e) => e.source === value) ?? map.entries.find((e) => fold(e.source) === fold(value));
  if (!entry) return { kind: 'unmapped' };
  return entry.target === null ? { kind: 'undecided' } : { kind: 'mapped', target: entry.target };
}

const pipelineOf = (c: DestinationChoice | undefined) => (c as { pipelineId?: number | string } | undefined)?.pipelineId;

/**
 * Stage names repeat across pipelines ("Won" in each), and a value resolves to the first stage of that name. When the
 * row also names its pipeline and the stages say which pipeline they belong to, this is the same-named stage of that
 * pipeline: null when it has none, the stage id unchanged when the stages do not say.
 */
export function stageInPipeline(stages: DestinationChoice[], stageId: string | number, pipelineId: string | number): string | number | null {
  // Ids arrive as numbers from the account and as text from a coerced cell: compare them as text.
  const chosen = stages.find((c) => String(c.id) === String(stageId));
  if (pipelineOf(chosen) === undefined || String(pipelineOf(chosen)) === String(pipelineId)) return stageId;
  return stages.find((c) => String(pipelineOf(c)) === String(pipelineId) && fold(c.value) === fold(chosen!.value))?.id ?? null;
}
