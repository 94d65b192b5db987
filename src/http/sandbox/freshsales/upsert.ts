import type { EntityDef } from './entities.ts';
import { idsBy } from './indexes.ts';
import { SandboxError } from './sandbox-error.ts';
import type { Rec, SandboxState } from './state.ts';
import { liveRecord } from './store.ts';
import { writeRecord, type Actor } from './write-record.ts';

/**
 * Updates the one live record matching `identifier` (a single key: emails, name, mobile_number, id or a cf_ field) or
 * creates it with the identifier's value filled in. More than one match is an error, never a guess.
 */
export function upsertRecord(state: SandboxState, entity: EntityDef, identifier: unknown, data: Rec, actor: Actor): { record: Rec; created: boolean } {
  if (typeof identifier !== 'object' || identifier === null || Array.isArray(identifier) || Object.keys(identifier).length !== 1) {
    throw new SandboxError(400, [`unique_identifier: must be an object with exactly one key, got ${JSON.stringify(identifier)}`]);
  }
  const [key, value] = Object.entries(identifier)[0]!;
  const customField = key.startsWith('cf_') && (state.fields[entity.fields ?? ''] ?? []).some((f) => f.name === key && !f.default);
  if (!entity.identifiers?.includes(key) && !customField) {
    throw new SandboxError(400, [`unique_identifier: ${key} cannot identify a ${entity.singular} (use ${entity.identifiers?.join(', ')} or a custom field)`]);
  }
  if (value === null || value === undefined || value === '') throw new SandboxError(400, [`unique_identifier.${key}: must have a value`]);

  if (key === 'id') {
    const existing = liveRecord(state, entity.collection, value);
    if (!existing) throw new SandboxError(404, [`${entity.singular} ${JSON.stringify(value)} not found`]);
    return { record: writeRecord(state, entity, data, actor, existing), created: false };
  }
  const matches = idsBy(state, entity.collection, key, value);
  if (matches.length > 1) throw new SandboxError(400, [`unique_identifier: ${key} ${JSON.stringify(value)} matches ${matches.length} ${entity.collection}`]);
  if (matches.length === 1) return { record: writeRecord(state, entity, data, actor, liveRecord(state, entity.collection, matches[0])), created: false };

  const filled: Rec = customField
    ? { ...data, custom_field: { ...((data.custom_field as Rec) ?? {}), [key]: value } }
    : { ...data, [key === 'email' && entity.collection === 'contacts' ? 'emails' : key]: data[key] ?? value };
  return { record: writeRecord(state, entity, filled, actor), created: true };
}
