import { CONTACTS, type EntityDef } from './entities.ts';
import { takeId } from './ids.ts';
import { idsBy, reindex } from './indexes.ts';
import { applyRelations } from './relations.ts';
import { SandboxError } from './sandbox-error.ts';
import type { Rec, SandboxState } from './state.ts';
import { collection, touch } from './store.ts';
import { blankRecord, validateFields } from './validate-fields.ts';

/** Who writes and when: the API key's user and the request's timestamp in the account offset. */
export interface Actor {
  userId: number;
  stamp: string;
}

/** Contact email addresses and mobile numbers are unique among live contacts. */
function uniqueness(state: SandboxState, next: Rec, problems: string[]) {
  const clash = (key: string, value: unknown) => idsBy(state, CONTACTS.collection, key, value).some((id) => id !== next.id);
  if ((next.emails as Rec[]).some((e) => clash('emails', e.value))) problems.push('Email is not unique');
  if (next.mobile_number != null && next.mobile_number !== '' && clash('mobile_number', next.mobile_number)) problems.push('MobileNumber is not unique');
}

/**
 * Creates a record (no `previous`) or updates one: validates against field settings and relations, checks uniqueness,
 * stamps system fields and stores it. Throws a 400 SandboxError listing every problem; nothing is stored then.
 */
export function writeRecord(state: SandboxState, entity: EntityDef, input: Rec, actor: Actor, previous?: Rec): Rec {
  const problems: string[] = [];
  const { patch, custom } = validateFields(state, entity, input, !previous, problems);
  let next: Rec;
  if (previous) {
    next = { ...structuredClone(previous), ...patch };
    if (entity.fields) next.custom_field = { ...(previous.custom_field as Rec), ...custom };
  } else {
    const blank = blankRecord(state, entity);
    next = { id: null, ...blank.base, ...patch, ...(entity.fields ? { custom_field: { ...blank.custom, ...custom } } : {}) };
    next.created_at = actor.stamp;
    next.creater_id = actor.userId;
    next.is_deleted = false;
    if ('owner_id' in next && next.owner_id == null) next.owner_id = actor.userId;
  }
  next.updated_at = actor.stamp;
  next.updater_id = actor.userId;
  applyRelations(state, entity, patch, next, previous, problems);
  if (entity === CONTACTS) uniqueness(state, next, problems);
  if (problems.length > 0) throw new SandboxError(400, problems);

  if (!previous) next.id = takeId(state);
  collection(state, entity.collection)[String(next.id)] = next;
  touch(state, entity.collection);
  reindex(state, entity.collection, previous, next);
  return next;
}

/** DELETE: to the recycle bin (is_deleted) for entities that have one, otherwise gone. */
export function deleteRecord(state: SandboxState, entity: EntityDef, rec: Rec, actor: Actor) {
  reindex(state, entity.collection, rec, undefined);
  if (entity.softDelete) Object.assign(rec, { is_deleted: true, deleted_at: actor.stamp, updater_id: actor.userId });
  else delete collection(state, entity.collection)[String(rec.id)];
  touch(state, entity.collection);
}

/** /forget: gone for good, whether live or in the recycle bin. */
export function forgetRecord(state: SandboxState, entity: EntityDef, rec: Rec) {
  if (!rec.is_deleted) reindex(state, entity.collection, rec, undefined);
  delete collection(state, entity.collection)[String(rec.id)];
  touch(state, entity.collection);
}

/** A stored record as responses show it: custom fields added since it was written appear as null. */
export function present(state: SandboxState, entity: EntityDef, rec: Rec): Rec {
  if (!entity.fields) return rec;
  const custom: Rec = {};
  for (const f of state.fields[entity.fields] ?? []) if (!f.default) custom[f.name] = null;
  return { ...rec, custom_field: { ...custom, ...(rec.custom_field as Rec) } };
}
