import type { EntityDef } from './entities.ts';
import { fieldTypeRules } from './fixture.ts';
import { fieldChoices } from './selectors.ts';
import type { Rec, SandboxField, SandboxState } from './state.ts';
import { isoWithOffset } from './time.ts';

/** A value to leave out of the write (read-only fields). */
const SKIP = Symbol('skip');

const isBlank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const shown = (v: unknown) => JSON.stringify(v);
const listed = (choices: Rec[]) => choices.slice(0, 10).map((c) => shown(c.value)).join(', ') + (choices.length > 10 ? ', …' : '');

function asString(f: SandboxField, v: unknown, max: number, problems: string[]): string | typeof SKIP {
  if (typeof v !== 'string' && typeof v !== 'number') return problems.push(`${f.name}: must be text, got ${shown(v)}`), SKIP;
  const s = String(v);
  if (s.length > max) return problems.push(`${f.name}: at most ${max} characters, got ${s.length}`), SKIP;
  return s;
}

function byChoice(state: SandboxState, f: SandboxField, v: unknown, problems: string[]): unknown {
  const choices = fieldChoices(state, f);
  // Id-valued pick-lists (owner_id, lifecycle_stage_id, ...) take the choice id; the rest take the choice label.
  if (f.name.endsWith('_id')) {
    const hit = choices.find((c) => String(c.id) === String(v));
    if (!hit) return problems.push(`${f.name}: ${shown(v)} is not the id of one of its choices (${listed(choices)})`), SKIP;
    return Number(hit.id);
  }
  const hit = choices.find((c) => c.value === v);
  if (!hit) return problems.push(`${f.name}: ${shown(v)} is not one of its choices (${listed(choices)})`), SKIP;
  return hit.value;
}

/** Checks one value against its field setting and returns it as stored; pushes a message naming the field when it does not fit. */
function coerce(state: SandboxState, f: SandboxField, v: unknown, problems: string[]): unknown {
  if (v === null) return null;
  switch (f.type) {
    case 'text':
    case 'url':
      return asString(f, v, fieldTypeRules.textMaxChars, problems);
    case 'phone_number':
      return asString(f, v, 30, problems);
    case 'textarea':
      return asString(f, v, fieldTypeRules.textareaMaxChars, problems);
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
      if (!Number.isFinite(n)) return problems.push(`${f.name}: must be a number, got ${shown(v)}`), SKIP;
      return n;
    }
    case 'checkbox':
      if (typeof v !== 'boolean') return problems.push(`${f.name}: must be true or false, got ${shown(v)}`), SKIP;
      return v;
    case 'date':
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) {
        return problems.push(`${f.name}: must be a date YYYY-MM-DD, got ${shown(v)}`), SKIP;
      }
      return v;
    case 'date_time_split':
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v) || Number.isNaN(Date.parse(v))) {
        return problems.push(`${f.name}: must be an ISO-8601 date and time, got ${shown(v)}`), SKIP;
      }
      return isoWithOffset(new Date(v), state.account.utcOffset);
    case 'dropdown':
    case 'radio':
      return byChoice(state, f, v, problems);
    case 'multi_select_dropdown': {
      const values = Array.isArray(v) ? v : typeof v === 'string' ? v.split(';').map((s) => s.trim()) : null;
      if (!values) return problems.push(`${f.name}: must be a list of choices, got ${shown(v)}`), SKIP;
      const picked = values.map((x) => byChoice(state, f, x, problems));
      return picked.includes(SKIP) ? SKIP : picked.join(';');
    }
    case 'group_field':
      if (typeof v !== 'object' || Array.isArray(v)) return problems.push(`${f.name}: must be an object, got ${shown(v)}`), SKIP;
      return v;
    case 'formula':
      return SKIP;
    default:
      // email, auto_complete, lookup: shape and references are checked per entity (relations.ts).
      if (f.multiple && f.name === 'tags') {
        const tags = typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v;
        if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) return problems.push(`${f.name}: must be a list of strings, got ${shown(v)}`), SKIP;
        return tags;
      }
      return v;
  }
}

/** Attributes of entities without field settings get the checks their meaning needs: dates and owners. */
function attribute(state: SandboxState, entity: EntityDef, key: string, v: unknown, problems: string[]): unknown {
  if (v == null) return v;
  if (entity.dates?.includes(key)) {
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) return problems.push(`${key}: must be an ISO-8601 date and time, got ${shown(v)}`), v;
    return isoWithOffset(new Date(v), state.account.utcOffset);
  }
  if (key === 'owner_id' && !state.users.some((u) => u.id === Number(v))) return problems.push(`${key}: no user with id ${shown(v)}`), v;
  return key === 'owner_id' ? Number(v) : v;
}

/**
 * Validates a write against the entity's field settings (or attribute list) and returns the standard fields and the
 * custom values to store. Unknown attributes and unknown cf_ names are errors, so a connector typo never vanishes.
 */
export function validateFields(state: SandboxState, entity: EntityDef, input: Rec, creating: boolean, problems: string[]): { patch: Rec; custom: Rec } {
  const patch: Rec = {};
  const custom: Rec = {};
  const settings = entity.fields ? (state.fields[entity.fields] ?? []) : [];
  const byName = new Map(settings.map((f) => [f.name, f]));
  const writeOnly = new Set([...(entity.fields ? (state.writeOnlyKeys[entity.fields] ?? []) : []), ...(entity.attributes ?? [])]);

  for (const [key, value] of Object.entries(input)) {
    if (key === 'custom_field') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`custom_field: must be an object keyed by cf_ names, got ${shown(value)}`);
        continue;
      }
      for (const [name, v] of Object.entries(value)) {
        const f = byName.get(name);
        if (!f || f.default) {
          problems.push(`custom_field.${name}: no such custom field on ${entity.collection}`);
          continue;
        }
        const out = coerce(state, f, v, problems);
        if (out !== SKIP) custom[name] = out;
      }
      continue;
    }
    const f = byName.get(key);
    if (f?.default) {
      if (f.read_only) continue;
      const out = coerce(state, f, value, problems);
      if (out !== SKIP) patch[key] = out;
    } else if (writeOnly.has(key)) {
      patch[key] = attribute(state, entity, key, value, problems);
    } else if (!entity.system.includes(key)) {
      problems.push(key.startsWith('cf_') ? `${key}: custom field values go under custom_field` : `${key}: unknown attribute for ${entity.singular}`);
    }
  }

  // Required fields must be present on create, and cannot be blanked by an update.
  const customInput = (typeof input.custom_field === 'object' && input.custom_field) || {};
  for (const f of settings) {
    if (!f.required) continue;
    const given = f.default ? f.name in input : f.name in customInput;
    if ((creating || given) && isBlank(f.default ? patch[f.name] : custom[f.name])) problems.push(`${f.name}: ${f.label} is required`);
  }
  for (const name of entity.required ?? []) {
    if ((creating || name in input) && isBlank(patch[name])) problems.push(`${name}: is required`);
  }
  return { patch, custom };
}

/** Every field the entity stores, blank: what a new record starts from, so responses always show every field. */
export function blankRecord(state: SandboxState, entity: EntityDef): { base: Rec; custom: Rec } {
  const base: Rec = {};
  const custom: Rec = {};
  if (entity.fields) {
    for (const f of state.fields[entity.fields] ?? []) {
      if (f.read_only || f.type === 'formula') continue;
      if (f.default) base[f.name] = f.multiple ? [] : null;
      else custom[f.name] = null;
    }
  }
  for (const name of entity.attributes ?? []) base[name] = null;
  return { base, custom };
}
