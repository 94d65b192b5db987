import type { Rec, SandboxState } from './state.ts';
import { liveRecords } from './store.ts';

/**
 * Lookup indexes over live records, built on first use and kept current by every write, so uniqueness checks and
 * upserts stay O(1) through large bulk loads. Held beside the state (not in it): a reset or reload starts afresh.
 */
const indexes = new WeakMap<SandboxState, Map<string, Map<string, Set<number>>>>();

const norm = (v: unknown) => String(v).trim().toLowerCase();

/** The values a record holds for a lookup key: every email address for emails/email, a custom value for cf_ names. */
export function valuesOf(rec: Rec, key: string): string[] {
  if (key === 'emails' || key === 'email') {
    const emails = Array.isArray(rec.emails) ? (rec.emails as Rec[]).map((e) => e.value) : [rec.email];
    return emails.filter((v) => v != null && v !== '').map(norm);
  }
  const v = key.startsWith('cf_') ? (rec.custom_field as Rec | undefined)?.[key] : rec[key];
  return v == null || v === '' ? [] : [norm(v)];
}

const indexKey = (collection: string, key: string) => `${collection}|${key === 'email' ? 'emails' : key}`;

function index(state: SandboxState, collection: string, key: string): Map<string, Set<number>> {
  let all = indexes.get(state);
  if (!all) indexes.set(state, (all = new Map()));
  let idx = all.get(indexKey(collection, key));
  if (!idx) {
    idx = new Map();
    for (const r of liveRecords(state, collection)) for (const v of valuesOf(r, key)) add(idx, v, r.id as number);
    all.set(indexKey(collection, key), idx);
  }
  return idx;
}

function add(idx: Map<string, Set<number>>, v: string, id: number) {
  let ids = idx.get(v);
  if (!ids) idx.set(v, (ids = new Set()));
  ids.add(id);
}

/** Ids of live records of `collection` whose `key` equals `value` (case-insensitive). */
export const idsBy = (state: SandboxState, collection: string, key: string, value: unknown): number[] => [...(index(state, collection, key).get(norm(value)) ?? [])];

/** Keeps the built indexes of a collection current after a write: `before` is what was live, `after` what is live now. */
export function reindex(state: SandboxState, collection: string, before: Rec | undefined, after: Rec | undefined) {
  const prefix = `${collection}|`;
  for (const [k, idx] of indexes.get(state) ?? []) {
    if (!k.startsWith(prefix)) continue;
    const key = k.slice(prefix.length);
    if (before) for (const v of valuesOf(before, key)) idx.get(v)?.delete(before.id as number);
    if (after) for (const v of valuesOf(after, key)) add(idx, v, after.id as number);
  }
}
