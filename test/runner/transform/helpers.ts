import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import defaults from '../../../rules/scoping/freshsales-defaults.json' with { type: 'json' };
import { DEFAULT_UPLOAD_LIMITS, readTable } from '../../../src/scoping/upload/index.ts';
import type { ColumnProfile } from '../../../src/scoping/discovery/profile/types.ts';
import type { FieldMapping, Mapping, ObjectMapping, Relationship, ValueMap } from '../../../src/scoping/mapping/document.ts';
import { activityFields } from '../../../src/runner/destinations/freshsales/activity-fields.ts';
import { catalogueFields } from '../../../src/runner/destinations/freshsales/product-fields.ts';
import { DESTINATION_ENTITIES, isActivityEntity, isCatalogueEntity, type DestinationDescription, type DestinationEntity, type DestinationField, type SourcePosition, type SourceRow } from '../../../src/runner/protocol.ts';
import { FIELD_SELECTORS } from '../../../src/runner/transform/choices.ts';
import { ENTITY_OF, PROVENANCE } from '../../../src/runner/transform/index.ts';
import account from '../../fixtures/freshsales/default-account.json' with { type: 'json' };

const fixtures = join(import.meta.dirname, '../../fixtures');

/**
 * The destination a fresh sandbox account describes: the fixture's field settings and selectors with the shared
 * defaults' pipeline, lifecycle stages and statuses (ids from one counter, like the sandbox), plus the provenance fields
 * an admin creates from the setup checklist.
 */
export function defaultDestination(): DestinationDescription {
  let next = 1000;
  const id = () => next++;
  const named = (items: { name?: string; currency_code?: string }[]) => items.map((x) => ({ id: id(), value: String(x.name ?? x.currency_code) }));
  const selectors: DestinationDescription['selectors'] = {};
  for (const [name, items] of Object.entries(account.selectors)) selectors[name] = named(items as { name?: string }[]);
  const pipelineId = id();
  selectors.deal_pipelines = [{ id: pipelineId, value: defaults.pipeline.name }];
  selectors.deal_stages = named(defaults.pipeline.stages);
  selectors.lifecycle_stages = named(defaults.lifecycleStages);
  selectors.contact_statuses = named(defaults.lifecycleStages.flatMap((l) => l.statuses.map((name) => ({ name }))));
  selectors.subscription_statuses = defaults.subscriptionStatuses.map((s) => ({ id: id(), value: s.value }));
  const fields = {} as Record<DestinationEntity, DestinationField[]>;
  for (const entity of DESTINATION_ENTITIES) {
    // Tasks, appointments and notes have no field settings: the destination describes their documented attributes.
    if (isCatalogueEntity(entity)) {
      fields[entity] = catalogueFields(entity);
      continue;
    }
    if (isActivityEntity(entity) && entity !== 'sales_activities') {
      fields[entity] = activityFields(entity, []);
      continue;
    }
    const settings = account.fields[entity] as { name: string; label: string; type: string; required?: boolean; choices?: string[]; choices_from?: string }[];
    fields[entity] = settings.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      required: f.required ?? false,
      custom: false,
      // Sales activity types and outcomes have no FIELD_SELECTORS entry: their settings carry the choices, as Freshsales' do.
      choices: entity === 'sales_activities' && f.choices_from && f.choices_from !== 'owners' ? (selectors[f.choices_from] ?? []) : (f.choices ?? []).map((value) => ({ id: String(id()), value })),
    }));
    if (!isActivityEntity(entity)) for (const name of Object.values(PROVENANCE)) fields[entity].push(customField(name, 'text'));
  }
  return { fields, users: [{ id: 1, email: defaults.admin.email, name: defaults.admin.displayName }], selectors };
}

export function customField(name: string, type: string, choices: string[] = []): DestinationField {
  return { name, label: name, type, required: false, custom: true, choices: choices.map((value, i) => ({ id: `${name}-${i}`, value })) };
}

/** The destination plus every custom field the mapping's objects target, as the setup checklist would have them created. */
export function destinationFor(mapping: Mapping): DestinationDescription {
  const d = defaultDestination();
  for (const o of mapping.objects) {
    const entity = ENTITY_OF[o.destinationObject];
    if (!entity) continue;
    for (const f of o.fields)
      if (f.target.kind === 'custom' && !d.fields[entity].some((x) => x.name === (f.target as { name: string }).name))
        d.fields[entity].push(customField(f.target.name, f.target.type, f.target.choices));
  }
  return d;
}

/** The destination after an admin worked through the setup checklist: every value-map target exists as a choice. */
export function setUpDestinationFor(mapping: Mapping): DestinationDescription {
  const d = destinationFor(mapping);
  let next = 5000;
  for (const vm of mapping.valueMaps) {
    const [object, name] = vm.target.split('.') as [string, string];
    const field = ENTITY_OF[object] && d.fields[ENTITY_OF[object]!].find((f) => f.name === name);
    if (!field) continue;
    const choices = field.choices.length ? field.choices : (d.selectors[FIELD_SELECTORS[name]!] ??= []);
    for (const e of vm.entries)
      if (e.target !== null && !choices.some((c) => c.value.toLowerCase() === e.target!.toLowerCase())) choices.push({ id: next++, value: e.target });
  }
  return d;
}

export interface ScopeFixture {
  platform: string;
  mapping: Mapping;
  profiles: Record<string, Record<string, ColumnProfile>>;
}

export function scopeFixture(platform: string): ScopeFixture {
  return JSON.parse(readFileSync(join(fixtures, 'runner', `${platform}-scope.json`), 'utf8')) as ScopeFixture;
}

/** Every row of a seed export file, read the way uploads are (encodings, quoting), with its position. */
export async function exportRows(platform: string, file: string): Promise<{ row: SourceRow; position: SourcePosition }[]> {
  const bytes = readFileSync(join(fixtures, 'exports', platform, file));
  const rows: { row: SourceRow; position: SourcePosition }[] = [];
  async function* body() {
    yield new Uint8Array(bytes);
  }
  await readTable({ name: file, body: body() }, DEFAULT_UPLOAD_LIMITS, {
    start() {},
    row: (record, line) => void rows.push({ row: record, position: { file, line } }),
  });
  return rows;
}

// Small mappings for unit tests.

type Target = FieldMapping['target'];

export const std = (field: string): Target => ({ kind: 'standard', field });
export const custom = (name: string, type: string, choices?: string[]): Target =>
  ({ kind: 'custom', label: name.replace(/^cf_/, ''), name, type, ...(choices ? { choices } : {}) }) as Target;

export function field(column: string, target: Target, sourceType: FieldMapping['sourceType'] = 'text'): FieldMapping {
  return { column, sourceField: null, sourceType, target, confidence: 1, reasons: [], confirmed: true };
}

export function object(row: string, destinationObject: string, fields: FieldMapping[], file = `${row}s.csv`): ObjectMapping {
  return { row, sourceObject: row, destinationObject, files: [file], rows: 1, fields };
}

export function mappingOf(objects: ObjectMapping[], extra: { valueMaps?: ValueMap[]; relationships?: Relationship[] } = {}): Mapping {
  return { objects, valueMaps: extra.valueMaps ?? [], relationships: extra.relationships ?? [], owners: { fallbackOwnerEmail: null, owners: [] } };
}

export function valueMap(row: string, column: string, target: string, entries: [string, string | null][]): ValueMap {
  return {
    id: `${row}.${column}`,
    row,
    column,
    target,
    kind: 'choice',
    choices: [],
    entries: entries.map(([source, t]) => ({ source, count: 1, target: t, confidence: 1, reason: '', confirmed: true })),
  };
}

export function profile(type: ColumnProfile['type'], extra: Partial<ColumnProfile> = {}): ColumnProfile {
  return { type, confidence: 1, evidence: '', filled: 1, total: 1, fillRate: 1, distinct: 1, distinctCapped: false, samples: [], maxLength: 10, unique: true, ...extra };
}
