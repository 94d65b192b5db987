import type { FieldSettingsEntity } from '../../runner/destinations/freshsales/client.ts';
import { LINE_ITEMS_FIELD, planHasCatalogue } from '../../runner/destinations/freshsales/product-fields.ts';
import { carriedListField, CUSTOM_MODULE_OBJECT, recordTypeColumn } from '../../runner/pipeline/custom-module-kinds.ts';
import { PROVENANCE_FIELDS, PROVENANCE_OBJECTS } from '../../runner/provenance.ts';
import { carriedRow, type MappingContext } from '../mapping/context.ts';
import type { Mapping } from '../mapping/document.ts';
import { fixedValue, LIFECYCLE_FIELD, PIPELINE_FIELD } from '../mapping/fixed-values.ts';

/** The settings endpoint each Freshsales object's fields live under; objects without one cannot be checked by preflight. */
export const SETTINGS_ENTITY: Record<string, FieldSettingsEntity> = {
  contact: 'contacts',
  sales_account: 'sales_accounts',
  deal: 'deals',
  sales_activity: 'sales_activities',
  lead: 'leads',
};

export interface CustomFieldToCreate {
  object: string;
  entity: string | null;
  label: string;
  name: string;
  type: string;
  choices: string[];
  feeds: string[];
}

/** A custom module (Enterprise) the admin creates, with its fields: one per object the customer defined in the source. */
export interface CustomModuleToCreate {
  /** The module's singular name: the source object's name, which the runner finds the module by. */
  name: string;
  fields: { label: string; name: string; type: string; choices: string[] }[];
  reason: string;
}

/** What an admin creates in Freshsales before the first record loads: the public API cannot create these. */
export interface SetupChecklist {
  customFields: CustomFieldToCreate[];
  customModules: CustomModuleToCreate[];
  pipelines: { name: string; stages: string[]; reason: string }[];
  choices: { field: string; values: string[] }[];
  lifecycle: { stage: string; statuses: string[] }[];
  users: { email: string; owns: number; role: 'owner' | 'fallback' }[];
}

export function buildChecklist(mapping: Mapping, ctx: MappingContext): SetupChecklist {
  const customFields = new Map<string, CustomFieldToCreate>();
  // Custom-module fields are listed with their modules.
  for (const o of mapping.objects.filter((x) => x.destinationObject !== CUSTOM_MODULE_OBJECT))
    for (const f of o.fields) {
      const t = f.target;
      if (t.kind !== 'custom') continue;
      const key = `${o.destinationObject}.${t.name}`;
      const entry = customFields.get(key) ?? { object: o.destinationObject, entity: SETTINGS_ENTITY[o.destinationObject] ?? null, label: t.label, name: t.name, type: t.type, choices: [], feeds: [] };
      entry.choices = [...new Set([...entry.choices, ...(t.choices ?? [])])];
      entry.feeds.push(`${o.sourceObject}.${f.column}`);
      customFields.set(key, entry);
    }
  // Accounts are written too when contacts name their company in free text.
  const written = new Set<string>(mapping.objects.map((o) => o.destinationObject).filter((o) => (PROVENANCE_OBJECTS as readonly string[]).includes(o)));
  if (written.has('contact')) written.add('sales_account');
  for (const object of PROVENANCE_OBJECTS.filter((o) => written.has(o)))
    for (const f of PROVENANCE_FIELDS)
      customFields.set(`${object}.${f.name}`, { object, entity: SETTINGS_ENTITY[object]!, label: f.label, name: f.name, type: f.type, choices: [], feeds: ['Ferry (where the record came from)'] });

  // Rows carried onto their parents by the pair card's fallback (custom objects below Enterprise) list every record in a text area of the parent.
  for (const o of mapping.objects) {
    const row = ctx.pair.rows.find((r) => r.id === o.row);
    if (!row?.fallbackWritesTo || !carriedRow(row, ctx)) continue;
    const f = carriedListField(row);
    const key = `${o.destinationObject}.${f.name}`;
    const entry = customFields.get(key) ?? { object: o.destinationObject, entity: SETTINGS_ENTITY[o.destinationObject] ?? null, label: f.label, name: f.name, type: f.type, choices: [], feeds: [] };
    entry.feeds.push(`every ${o.sourceObject} record carried onto it`);
    customFields.set(key, entry);
  }
  // Without a product catalogue, each deal's line items are kept as text in a deal field of their own.
  if (!planHasCatalogue(ctx.plan) && mapping.objects.some((o) => o.destinationObject === 'deal_product')) {
    const f = LINE_ITEMS_FIELD;
    customFields.set(`deal.${f.name}`, { object: 'deal', entity: 'deals', label: f.label, name: f.name, type: f.type, choices: [], feeds: mapping.objects.filter((o) => o.destinationObject === 'deal_product').map((o) => `every ${o.sourceObject} line of the deal (the ${ctx.plan} plan has no product catalogue)`) });
  }
  const customModules = mapping.objects.filter((o) => o.destinationObject === CUSTOM_MODULE_OBJECT).flatMap((o) => modulesFor(o, ctx));

  const defaults = ctx.rules.defaults;
  const used = (kind: string, maps = mapping.valueMaps) => new Set(maps.filter((m) => m.kind === kind).flatMap((m) => m.entries.map((e) => e.target).filter((t): t is string => !!t)));

  // Rows with a pipeline of their own (tickets) bring their stages; every other stage map feeds the default pipeline.
  const own = new Map<string, { stages: Set<string>; rows: string[] }>();
  for (const o of mapping.objects) {
    const name = fixedValue(o, PIPELINE_FIELD);
    if (!name || name === defaults.pipeline.name) continue;
    const entry = own.get(name) ?? { stages: new Set<string>(), rows: [] };
    for (const stage of stagesInOrder(o, mapping, ctx)) entry.stages.add(stage);
    entry.rows.push(o.sourceObject);
    own.set(name, entry);
  }
  const ownRows = new Set(mapping.objects.filter((o) => own.has(fixedValue(o, PIPELINE_FIELD) ?? '')).map((o) => o.row));
  const stages = used('stage', mapping.valueMaps.filter((m) => !ownRows.has(m.row)));
  const pipelines: SetupChecklist['pipelines'] = stages.size
    ? [{ name: defaults.pipeline.name, stages: defaults.pipeline.stages.map((s) => s.name).filter((s) => stages.has(s)), reason: 'deal stages the value map uses' }]
    : [];
  for (const [name, p] of own)
    pipelines.push({ name, stages: [...p.stages], reason: `${ctx.source.name} ${p.rows.join(', ')} records load into it; its stages are their statuses` });

  // One list per dropdown, however many columns (and value maps) feed it.
  const byField = new Map<string, Set<string>>();
  for (const m of mapping.valueMaps.filter((m) => m.kind === 'choice' || m.kind === 'lead_stage'))
    for (const e of m.entries) if (e.target) byField.set(m.target, (byField.get(m.target) ?? new Set()).add(e.target));
  const choices = [...byField].map(([field, values]) => ({ field, values: [...values] }));
  for (const name of byField.get('deal.deal_pipeline_id') ?? [])
    if (name !== defaults.pipeline.name && !pipelines.some((p) => p.name === name))
      pipelines.push({ name, stages: defaults.pipeline.stages.map((s) => s.name), reason: `a ${ctx.source.name} pipeline; its stages follow the stage value map` });

  const lifecycleUsed = used('lifecycle');
  for (const o of mapping.objects) {
    const stage = fixedValue(o, LIFECYCLE_FIELD);
    if (stage) lifecycleUsed.add(stage);
  }
  const statusUsed = used('status');
  const lifecycle = defaults.lifecycleStages
    .filter((l) => lifecycleUsed.has(l.name) || l.statuses.some((s) => statusUsed.has(s)))
    .map((l) => ({ stage: l.name, statuses: l.statuses.filter((s) => statusUsed.has(s)) }));

  // One person per email: an owner the export names both by display name and by address is invited once.
  const owners = mapping.owners;
  const users: SetupChecklist['users'] = [];
  for (const o of owners.owners.filter((o) => o.resolution === 'invite' && o.email)) {
    const same = users.find((u) => u.email.toLowerCase() === o.email!.toLowerCase());
    if (same) same.owns += o.count;
    else users.push({ email: o.email!, owns: o.count, role: 'owner' });
  }
  const fallback = owners.fallbackOwnerEmail;
  if (fallback && !users.some((u) => u.email.toLowerCase() === fallback.toLowerCase()))
    users.push({ email: fallback, owns: owners.owners.filter((o) => o.resolution === 'fallback' || o.resolution === 'unresolved').reduce((n, o) => n + o.count, 0), role: 'fallback' });

  return { customFields: [...customFields.values()], customModules, pipelines, choices: choices.filter((c) => c.field !== 'deal.deal_pipeline_id'), lifecycle, users };
}

/** A row's stage values as its own pipeline lists them: in the order the source platform declares, then by how often they occur. */
function stagesInOrder(o: Mapping['objects'][number], mapping: Mapping, ctx: MappingContext): string[] {
  const maps = mapping.valueMaps.filter((m) => m.row === o.row && m.kind === 'stage');
  const entries = maps.flatMap((m) => {
    const f = o.fields.find((x) => x.column === m.column);
    const declared = ctx.source.objects.find((s) => s.id === o.sourceObject)?.fields.find((x) => x.id === f?.sourceField)?.choices ?? [];
    const at = (v: string) => {
      const i = declared.findIndex((d) => d.toLowerCase() === v.toLowerCase());
      return i < 0 ? declared.length : i;
    };
    return m.entries.filter((e) => e.target).map((e) => ({ stage: e.target!, at: at(e.source), count: e.count }));
  });
  return [...new Set(entries.sort((a, b) => a.at - b.at || b.count - a.count).map((e) => e.stage))];
}

/**
 * The modules a custom-object row needs: one per object name its type column holds, each with the row's custom fields
 * and Ferry's provenance fields (the source id finds a record again on a retry).
 */
function modulesFor(o: Mapping['objects'][number], ctx: MappingContext): CustomModuleToCreate[] {
  const column = recordTypeColumn(ctx.source.id, o);
  const typeLine = o.fields.find((f) => f.column === column);
  const names = typeLine?.target.kind === 'custom' ? (typeLine.target.choices ?? []) : [];
  const fields = [
    ...o.fields.flatMap((f) => (f.target.kind === 'custom' ? [{ label: f.target.label, name: f.target.name, type: f.target.type, choices: f.target.choices ?? [] }] : [])),
    ...PROVENANCE_FIELDS.map((f) => ({ label: f.label, name: f.name, type: f.type, choices: [] })),
  ];
  if (!names.length)
    return [{ name: `(one per value of ${column ?? 'the object-name column'})`, fields, reason: `${ctx.source.name} ${o.sourceObject} records: discovery saw no object names, so create one module per name the export holds` }];
  return names.map((name) => ({ name, fields, reason: `${ctx.source.name} ${o.sourceObject} records whose ${column} is "${name}"` }));
}
