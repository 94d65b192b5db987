import { knowledgeBase } from '../../../rules/index.ts';
import type { MappingRow } from '../../../rules/schema/pair.ts';
import type { ObjectMapping } from '../../scoping/mapping/document.ts';
import { customFieldName } from '../../scoping/text.ts';
import { planHas } from '../destinations/freshsales/product-fields.ts';

/**
 * Custom objects (records of objects the customer defined in the source) become records of a Freshsales custom module
 * where the plan has them (Enterprise): one module per object name, which the admin creates from the setup checklist.
 * On other plans the pair card's fallback carries each record onto the record it hangs off (its deal), as custom
 * fields of that record. The run's destination plan decides, not the scope's.
 */
export const CUSTOM_MODULE_OBJECT = 'custom_module';

/** A plan object whose rows become custom-module records in this run. */
export const isModuleObject = (p: { destinationObject: string; derivedFrom?: string } | undefined) => !!p && !p.derivedFrom && p.destinationObject === CUSTOM_MODULE_OBJECT;

/** How this run writes a pair-card row: as custom-module records, carried onto its parents' records, or neither (not a custom-module row). */
export function customModuleRoute(row: Pick<MappingRow, 'writesTo' | 'fallbackWritesTo'>, plan: string): 'module' | 'carried' | null {
  if (row.writesTo !== CUSTOM_MODULE_OBJECT) return null;
  if (planHas(plan, 'customModules')) return 'module';
  return row.fallbackWritesTo ? 'carried' : null;
}

/** Whether a row's values ride on records other rows write, in a run on `plan`: it writes none of its own, or its fallback carries it. */
export const carriedInRun = (row: Pick<MappingRow, 'writesTo' | 'fallbackWritesTo'>, plan: string) => row.writesTo === null || customModuleRoute(row, plan) === 'carried';

/** The pair-card row of a mapping object. */
export const pairRowOf = (sourcePlatform: string, row: string) => knowledgeBase.pair(sourcePlatform, 'freshsales')?.rows.find((r) => r.id === row);

/** The ledger's entity for a record of the module `entityName`: a module is named by the account, not by the protocol. */
const MODULE_ENTITY = 'custom_module:';
export const moduleEntity = (entityName: string) => `${MODULE_ENTITY}${entityName}`;
/** The module a ledger entity names, or null for every other kind. */
export const moduleOfEntity = (entity: string): string | null => (entity.startsWith(MODULE_ENTITY) ? entity.slice(MODULE_ENTITY.length) : null);

/**
 * Several custom-object records may hang off one deal, and a deal has one value per field: the newest record's values
 * fill the fields (as for every carried row), and this text area lists every record with all its values, newest
 * first, so none of them is lost. It is the pair card's "rest summarised in a text area", kept for all of them so the
 * list reads whole.
 */
export function carriedListField(row: Pick<MappingRow, 'source'>) {
  const label = `${row.source.label.split(/[/(]/)[0]!.trim()} records`;
  return { label, name: customFieldName('cf_', label), type: 'textarea' as const };
}

/** The column naming which of the customer's objects a record belongs to (its module), from the platform's recordTypeField. */
export function recordTypeColumn(sourcePlatform: string, object: Pick<ObjectMapping, 'sourceObject' | 'fields'>): string | null {
  const field = knowledgeBase.source(sourcePlatform)?.objects.find((o) => o.id === object.sourceObject)?.recordTypeField;
  return (field && object.fields.find((f) => f.sourceField === field)?.column) ?? null;
}

const PROVENANCE_PREFIX = 'cf_ferry_';

/**
 * One record's line in its parent's list (carriedListField): its source key, then each value it carries with the
 * label of its field ("CO-3: Record name: Pump #120; Created on: 2023-02-01T10:00:00-08:00").
 */
export function carriedListLine(sourceKey: string, data: Record<string, unknown>, labels: ReadonlyMap<string, string>): string {
  const shown = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));
  const values = [...Object.entries(data).filter(([k]) => k !== 'custom_field'), ...Object.entries((data.custom_field ?? {}) as Record<string, unknown>)]
    .filter(([k, v]) => labels.has(k) && !k.startsWith(PROVENANCE_PREFIX) && v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${labels.get(k)}: ${shown(v)}`);
  return `${sourceKey}: ${values.join('; ') || '(no values)'}`;
}
