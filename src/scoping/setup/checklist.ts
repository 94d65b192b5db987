import type { FieldSettingsEntity } from '../../runner/destinations/freshsales/client.ts';
import { PROVENANCE_FIELDS, PROVENANCE_OBJECTS } from '../../runner/provenance.ts';
import type { MappingContext } from '../mapping/context.ts';
import type { Mapping } from '../mapping/document.ts';

/** The settings endpoint each Freshsales object's fields live under; objects without one cannot be checked by preflight. */
export const SETTINGS_ENTITY: Record<string, FieldSettingsEntity> = {
  contact: 'contacts',
  sales_account: 'sales_accounts',
  deal: 'deals',
  sales_activity: 'sales_activities',
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

/** What an admin creates in Freshsales before the first record loads: the public API cannot create these. */
export interface SetupChecklist {
  customFields: CustomFieldToCreate[];
  pipelines: { name: string; stages: string[]; reason: string }[];
  choices: { field: string; values: string[] }[];
  lifecycle: { stage: string; statuses: string[] }[];
  users: { email: string; owns: number; role: 'owner' | 'fallback' }[];
}

export function buildChecklist(mapping: Mapping, ctx: MappingContext): SetupChecklist {
  const customFields = new Map<string, CustomFieldToCreate>();
  for (const o of mapping.objects)
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

  const defaults = ctx.rules.defaults;
  const used = (kind: string) => new Set(mapping.valueMaps.filter((m) => m.kind === kind).flatMap((m) => m.entries.map((e) => e.target).filter((t): t is string => !!t)));
  const stages = used('stage');
  const pipelines: SetupChecklist['pipelines'] = stages.size
    ? [{ name: defaults.pipeline.name, stages: defaults.pipeline.stages.map((s) => s.name).filter((s) => stages.has(s)), reason: 'deal stages the value map uses' }]
    : [];
  const choices = mapping.valueMaps
    .filter((m) => m.kind === 'choice')
    .map((m) => ({ field: m.target, values: [...new Set(m.entries.map((e) => e.target).filter((t): t is string => !!t))] }));
  for (const c of choices.filter((c) => c.field === 'deal.deal_pipeline_id'))
    for (const name of c.values)
      if (name !== defaults.pipeline.name) pipelines.push({ name, stages: defaults.pipeline.stages.map((s) => s.name), reason: `a ${ctx.source.name} pipeline; its stages follow the stage value map` });

  const lifecycleUsed = used('lifecycle');
  const statusUsed = used('status');
  const lifecycle = defaults.lifecycleStages
    .filter((l) => lifecycleUsed.has(l.name) || l.statuses.some((s) => statusUsed.has(s)))
    .map((l) => ({ stage: l.name, statuses: l.statuses.filter((s) => statusUsed.has(s)) }));

  const owners = mapping.owners;
  const users: SetupChecklist['users'] = owners.owners
    .filter((o) => o.resolution === 'invite' && o.email)
    .map((o) => ({ email: o.email!, owns: o.count, role: 'owner' as const }));
  if (owners.fallbackOwnerEmail && !users.some((u) => u.email === owners.fallbackOwnerEmail))
    users.push({ email: owners.fallbackOwnerEmail, owns: owners.owners.filter((o) => o.resolution === 'fallback' || o.resolution === 'unresolved').reduce((n, o) => n + o.count, 0), role: 'fallback' });

  return { customFields: [...customFields.values()], pipelines, choices: choices.filter((c) => c.field !== 'deal.deal_pipeline_id'), lifecycle, users };
}
