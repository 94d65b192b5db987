import { isActivityEntity, type ActivityEntity, type DestinationRecord, type RecordKindEntity } from '../../protocol.ts';
import { activityAttributes } from './activity-fields.ts';
import type { FreshsalesClient } from './client.ts';
import { FreshsalesError } from './errors.ts';
import type { FreshsalesField } from './schemas.ts';

const isNotFound = (e: unknown) => e instanceof FreshsalesError && e.code === 'FRESHSALES_NOT_FOUND';

/** Record ids are integers; anything else is a caller's mistake, named. */
function recordId(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw new FreshsalesError('FRESHSALES_VALIDATION', `"${id}" is not a Freshsales record id`, 0);
  return Number(id);
}

/** Reads records back one call each. A record that is gone, or sits in the recycle bin, is null. */
export async function fetchRecords(client: FreshsalesClient, entity: RecordKindEntity, ids: string[]): Promise<Map<string, DestinationRecord | null>> {
  const out = new Map<string, DestinationRecord | null>();
  for (const id of ids) {
    try {
      const record = await client.get(entity, recordId(id));
      out.set(id, record.is_deleted === true ? null : record);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      out.set(id, null);
    }
  }
  return out;
}

/** Soft delete, then forget: nothing of the record stays, not even in the recycle bin. 'gone' when neither found it. */
export async function removeRecord(client: FreshsalesClient, entity: RecordKindEntity, id: string): Promise<'deleted' | 'gone'> {
  const n = recordId(id);
  if (isActivityEntity(entity)) {
    // Activities have no recycle bin: a delete is final, and there is nothing to forget.
    try {
      await client.delete(entity, n);
      return 'deleted';
    } catch (e) {
      if (!isNotFound(e)) throw e;
      return 'gone';
    }
  }
  let found = true;
  try {
    await client.delete(entity, n);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    found = false; // already in the recycle bin, or gone: forget tells which
  }
  try {
    await client.forget(entity, n);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    return found ? 'deleted' : 'gone';
  }
  return 'deleted';
}

/** Emails as the write form that replaces the list: addresses, the primary one first. */
function emailsToWrite(emails: unknown): unknown {
  if (!Array.isArray(emails)) return emails;
  const entries = emails.map((e): { value?: unknown; is_primary?: unknown } => (typeof e === 'object' && e !== null ? e : { value: e }));
  return [...entries.filter((e) => e.is_primary === true), ...entries.filter((e) => e.is_primary !== true)].map((e) => e.value);
}

/** A contact's accounts as they are written: {id, is_primary}. */
const accountsToWrite = (accounts: unknown): unknown =>
  Array.isArray(accounts) ? accounts.map((a: { id?: unknown; is_primary?: unknown }) => ({ id: a.id, is_primary: a.is_primary === true })) : accounts;

/**
 * The part of a before-image that can be written back: the standard fields the account lets the API set (field
 * settings not marked actionable: false), custom_field whole, and emails and accounts in their write form.
 */
function writableImage(before: Record<string, unknown>, settings: FreshsalesField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of settings) {
    if (f.name.startsWith('cf_') || f.actionable === false || !(f.name in before)) continue;
    const value = before[f.name];
    out[f.name] = f.name === 'emails' ? emailsToWrite(value) : f.name === 'sales_accounts' ? accountsToWrite(value) : value;
  }
  if (before.custom_field !== undefined) out.custom_field = before.custom_field;
  return out;
}

/**
 * Puts a before-image back. Deals' contacts are links, written as what to add and remove, so their current links are
 * read first. 'gone' when the record no longer exists (or sits in the recycle bin).
 */
export async function restoreRecord(
  client: FreshsalesClient,
  entity: RecordKindEntity,
  id: string,
  before: Record<string, unknown>,
  settings: FreshsalesField[],
): Promise<'restored' | 'gone'> {
  const n = recordId(id);
  const body = writableImage(before, settings);
  try {
    if (entity === 'deals' && Array.isArray(before.contact_ids)) {
      const wanted = new Set(before.contact_ids.map(Number));
      const current = ((await client.get(entity, n)).contact_ids as unknown[] | undefined ?? []).map(Number);
      body.contacts_added_list = [...wanted].filter((c) => !current.includes(c));
      body.contacts_removed_list = current.filter((c) => !wanted.has(c));
    }
    await client.update(entity, n, body);
    return 'restored';
  } catch (e) {
    if (isNotFound(e)) return 'gone';
    throw e;
  }
}

/** Puts an activity's documented attributes back from its before-image. 'gone' when it no longer exists. */
export async function restoreActivity(client: FreshsalesClient, entity: ActivityEntity, id: string, before: Record<string, unknown>): Promise<'restored' | 'gone'> {
  const body = Object.fromEntries(activityAttributes(entity).filter((k) => k in before).map((k) => [k, before[k]]));
  if (entity === 'sales_activities' && before.custom_field !== undefined) body.custom_field = before.custom_field;
  try {
    await client.update(entity, recordId(id), body);
    return 'restored';
  } catch (e) {
    if (isNotFound(e)) return 'gone';
    throw e;
  }
}
