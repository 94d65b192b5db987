import { ACTIVITY_ENTITIES, CATALOGUE_ENTITIES, DESTINATION_ENTITIES, isActivityEntity, isCatalogueEntity, isPlainCreateEntity, type ActivityEntity, type DestinationChoice, type DestinationDescription, type DestinationEntity, type DestinationField } from '../../protocol.ts';
import { activityFields } from './activity-fields.ts';
import type { FieldSettingsEntity, FreshsalesClient } from './client.ts';
import { catalogueFields } from './product-fields.ts';
import type { FreshsalesField, SelectorItem } from './schemas.ts';

/** Selector lists the transform resolves choice ids from (deal_stages and deal_pipelines are read from the pipelines). */
const DESCRIBED_SELECTORS = [
  'lead_sources', 'deal_types', 'deal_reasons', 'currencies', 'territories', 'industry_types', 'business_types', 'contact_statuses',
  'lifecycle_stages', 'deal_payment_statuses',
] as const;

/** The sales activity type appointments are (Freshsales' "Meeting"): its outcomes are the ones an appointment can have. */
const MEETING_TYPE = 'appointment';

/** A choice with what ties it to another list: a stage's pipeline, a contact status's lifecycle stage. */
export type DescribedChoice = DestinationChoice & { pipelineId?: number; lifecycleStageId?: number };

export const toField = (f: FreshsalesField): DestinationField => ({
  name: f.name,
  label: f.label,
  type: f.type,
  required: f.required === true,
  custom: f.name.startsWith('cf_'),
  choices: f.choices.map((c) => ({ id: c.id, value: c.value })),
});

/** A selector item's shown value: name for most lists, display_name for users, currency_code for currencies. */
function toChoice(name: string, item: SelectorItem): DescribedChoice {
  const value = [item.name, item.display_name, item.currency_code, item.value].find((v) => typeof v === 'string');
  if (value === undefined) throw new Error(`selector ${name}: item ${item.id} has no name, display_name, currency_code or value`);
  const stage = typeof item.lifecycle_stage_id === 'number' ? { lifecycleStageId: item.lifecycle_stage_id } : {};
  return { id: item.id, value, ...stage };
}

/** Selector lists only Classic accounts have, read when a run writes leads. */
const LEAD_SELECTORS = ['lead_stages'] as const;

/**
 * What the account offers: field settings per entity, active users, and the selector lists. Reads ~15 calls; the
 * session asks once. Inactive users are left out: records cannot be assigned to them. Leads (a Classic account's)
 * are described only when `leads` says the run writes them: Suite has no settings for them to read.
 */
export async function describeAccount(
  client: FreshsalesClient,
  settings: (entity: FieldSettingsEntity) => Promise<FreshsalesField[]>,
  activities: ActivityEntity[],
  leads = false,
): Promise<DestinationDescription> {
  const users = (await client.owners()).filter((u) => u.is_active !== false).map((u) => ({ id: u.id, email: u.email, name: u.display_name }));
  const selectors: Record<string, DescribedChoice[]> = {};
  for (const name of DESCRIBED_SELECTORS) selectors[name] = (await client.selector(name)).map((item) => toChoice(name, item));
  const fields = {} as Record<DestinationEntity, DestinationField[]>;
  for (const entity of DESTINATION_ENTITIES) {
    if (isActivityEntity(entity) || isCatalogueEntity(entity)) continue;
    fields[entity] = isPlainCreateEntity(entity) && !leads ? [] : (await settings(entity)).map(toField);
  }
  if (leads) for (const name of LEAD_SELECTORS) selectors[name] = (await client.selector(name)).map((item) => toChoice(name, item));
  // Products and line items have no field settings: described from the knowledge base, at no call.
  for (const entity of CATALOGUE_ENTITIES) fields[entity] = catalogueFields(entity);
  for (const entity of ACTIVITY_ENTITIES) fields[entity] = [];
  if (activities.length) {
    // Sales activities carry their type; appointments take the outcomes of the type appointments are.
    const types = await client.selector('sales_activity_types');
    selectors.sales_activity_types = types.map((item) => toChoice('sales_activity_types', item));
    const meeting = types.find((t) => t.internal_name === MEETING_TYPE)?.id;
    const outcomes = activities.includes('appointments') ? await client.selector('sales_activity_outcomes') : [];
    const meetingOutcomes = outcomes.filter((o) => meeting !== undefined && String(o.sales_activity_type_id) === String(meeting)).map((o) => toChoice('sales_activity_outcomes', o));
    for (const entity of activities) fields[entity] = entity === 'sales_activities' ? (await settings(entity)).map(toField) : activityFields(entity, meetingOutcomes);
  }
  const pipelines = await client.pipelines();
  selectors.deal_pipelines = pipelines.map((p) => ({ id: p.id, value: p.name }));
  // Stage names repeat across pipelines ("Won" in each): the pipeline id tells them apart.
  selectors.deal_stages = pipelines.flatMap((p) => p.deal_stages.map((s) => ({ id: s.id, value: s.name, pipelineId: p.id })));
  return { fields, users, selectors };
}
