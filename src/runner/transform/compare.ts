import { canonicalJson, contentHash } from '../../scoping/mapping/hash.ts';
import { DESTINATION_ENTITIES, type DestinationChoice, type DestinationDescription, type DestinationEntity, type DestinationRecord } from '../protocol.ts';
import { choiceList } from './choices.ts';

export interface FieldComparison {
  /** The standard field name, or the cf_ name of a custom field. */
  field: string;
  /** Both sides as compared (normalised), so a diff shows why they differ. */
  expected: unknown;
  actual: unknown;
  match: boolean;
}

/** Where Freshsales shows a field Ferry writes under another name. */
const READ_AS: Record<string, string> = { contacts_added_list: 'contact_ids', emails: 'email' };

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

type Entry = { field: string; value: unknown; custom: boolean };

/** The fields Ferry set: standard ones at the top, custom ones under custom_field. */
function entries(data: Record<string, unknown>): Entry[] {
  const out: Entry[] = [];
  for (const [field, value] of Object.entries(data)) {
    if (field !== 'custom_field') out.push({ field, value, custom: false });
    else if (value && typeof value === 'object') for (const [name, v] of Object.entries(value)) out.push({ field: name, value: v, custom: true });
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function itemKey(x: unknown): string {
  if (isRecord(x)) return String(x.id ?? x.value ?? JSON.stringify(x)).trim();
  return String(x).trim();
}

/**
 * One value in comparable form: empty → null; text trimmed with LF line ends; ISO date-times as the UTC instant (so
 * offsets of the same instant agree); lists as sorted distinct strings (tags, multi-select, linked ids).
 */
function normalise(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    const s = v.replace(/\r\n?/g, '\n').trim();
    if (s === '') return null;
    if (ISO_DATE_TIME.test(s) && !Number.isNaN(Date.parse(s))) return new Date(s).toISOString();
    return s;
  }
  if (Array.isArray(v)) {
    const items = [...new Set(v.map(itemKey).filter((x) => x !== ''))].sort();
    return items.length ? items : null;
  }
  return v;
}

/** Brings what the destination shows into the shape Ferry wrote, guided by the expected value (and the field's choices). */
function shapeLike(actual: unknown, expected: unknown, choices: DestinationChoice[] | null): unknown {
  if (actual === undefined || actual === null) return null;
  if (typeof expected === 'number') {
    if (typeof actual === 'string') {
      if (NUMERIC.test(actual.trim())) return Number(actual);
      const choice = choices?.find((c) => c.value.toLowerCase() === actual.trim().toLowerCase());
      if (choice) return typeof choice.id === 'number' || !NUMERIC.test(choice.id) ? choice.id : Number(choice.id);
    }
    if (isRecord(actual) && 'id' in actual) return shapeLike(actual.id, expected, choices);
    return actual;
  }
  if (typeof expected === 'boolean') return actual === 'true' ? true : actual === 'false' ? false : actual;
  if (typeof expected === 'string') {
    if (Array.isArray(actual)) {
      // A list where one value was written (emails): its primary item, or its only one.
      const one = actual.find((x) => isRecord(x) && x.is_primary === true) ?? (actual.length === 1 ? actual[0] : undefined);
      return one === undefined ? actual : shapeLike(one, expected, choices);
    }
    if (isRecord(actual)) return shapeLike(actual.value ?? actual.name ?? actual.id, expected, choices);
    const text = String(actual);
    const byId = choices?.find((c) => String(c.id) === text);
    // Ferry sent an id (standard *_id fields) or a value (custom dropdowns): compare in the form it sent.
    const sentId = choices?.some((c) => String(c.id) === expected);
    if (byId && !sentId && !choices!.some((c) => c.value === text)) return byId.value;
    if (typeof actual === 'string' && ISO_DATE.test(expected) && /^\d{4}-\d{2}-\d{2}T/.test(actual)) return actual.slice(0, 10);
    return text;
  }
  if (Array.isArray(expected)) return Array.isArray(actual) ? actual : typeof actual === 'string' ? actual.split(';') : [actual];
  // A group field Ferry filled in part (a lead's company {name}): the keys it wrote, whatever else the account adds.
  if (isRecord(expected) && isRecord(actual)) return Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k] ?? null]));
  return actual;
}

function readActual(actual: DestinationRecord, e: Entry): unknown {
  if (e.custom) return isRecord(actual.custom_field) ? actual.custom_field[e.field] : undefined;
  return e.field in actual ? actual[e.field] : READ_AS[e.field] !== undefined ? actual[READ_AS[e.field]!] : undefined;
}

function choicesFor(field: string, destination: DestinationDescription | undefined, entity: DestinationEntity | undefined): DestinationChoice[] | null {
  if (!destination) return null;
  for (const e of entity ? [entity] : DESTINATION_ENTITIES) {
    const f = destination.fields[e]?.find((x) => x.name === field);
    if (f) return choiceList(f, destination)?.choices ?? null;
  }
  return null;
}

/** Equal as the hashes see it (canonical JSON), so compareRecord and the hashes always agree. */
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

function actualValues(expected: Record<string, unknown>, actual: DestinationRecord, destination?: DestinationDescription, entity?: DestinationEntity) {
  return entries(expected).map((e) => ({
    field: e.field,
    expected: normalise(e.value),
    actual: normalise(shapeLike(readActual(actual, e), e.value, choicesFor(e.field, destination, entity))),
  }));
}

/**
 * Field by field, what Ferry wrote against what the destination holds, normalised so an honest round trip matches
 * (amounts as "5600.0", the same instant in another offset, choice ids or values, list order, custom fields under
 * custom_field) while any real difference shows.
 */
export function compareRecord(
  expected: Record<string, unknown>,
  actual: DestinationRecord,
  destination: DestinationDescription,
  entity?: DestinationEntity,
): FieldComparison[] {
  return actualValues(expected, actual, destination, entity).map((v) => ({ ...v, match: same(v.expected, v.actual) }));
}

/** SHA-256 over the canonical JSON of the fields Ferry set, in compared form. */
export function mappedHash(data: Record<string, unknown>): Promise<string> {
  return contentHash(Object.fromEntries(entries(data).map((e) => [e.field, normalise(e.value)])));
}

/** The same hash over what the destination holds for those fields: equal to mappedHash exactly when compareRecord finds no mismatch. */
export function actualHash(actual: DestinationRecord, expected: Record<string, unknown>, destination?: DestinationDescription, entity?: DestinationEntity): Promise<string> {
  return contentHash(Object.fromEntries(actualValues(expected, actual, destination, entity).map((v) => [v.field, v.actual])));
}

/** Timestamps and link maps Freshsales rewrites on its own; every other field of a record counts towards its fingerprint. */
const VOLATILE = new Set(['updated_at', 'links', 'partial']);

/** SHA-256 over the whole record as the destination shows it, so any edit by a person changes it. */
export function recordFingerprint(record: DestinationRecord): Promise<string> {
  return contentHash(Object.fromEntries(Object.entries(record).filter(([k]) => !VOLATILE.has(k))));
}
