import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadBatch, LoadRecord } from '../../../src/runner/protocol.ts';
import type { TestSandbox } from '../../sandbox/helpers.ts';
import { contactRecords, openSession, recordingFetch, startDestinationSandbox } from './helpers.ts';

let sb: TestSandbox;
let contactId: number;
beforeAll(async () => {
  sb = await startDestinationSandbox();
  const [written] = await openSession(sb).write({ key: 'c', entity: 'contacts', records: contactRecords(['ada']) });
  contactId = Number((written as { destinationId: string }).destinationId);
});
afterAll(async () => {
  await sb?.stop();
});

const note = (n: number): LoadRecord => ({
  sourceKey: `N-${n}`,
  identifier: { cf_ferry_source_id: `note:N-${n}` },
  marker: `Ferry source id: note:N-${n}`,
  data: { description: `Invoice ${n}\nFerry source id: note:N-${n}`, targetable_type: 'Contact', targetable_id: contactId },
});
const notesOf = async () => Object.values((await (await fetch(`${sb.url}/_sandbox/state`)).json()).records.notes ?? {}) as { id: number; description: string }[];

describe('activities: one create per record, and a retry finds what an earlier attempt created', () => {
  it('creates each record with one call on the normal path', async () => {
    const log: string[] = [];
    const batch: LoadBatch = { key: 'n1', entity: 'notes', records: [note(1), note(2)] };
    const out = await openSession(sb, { fetch: recordingFetch(log) }).write(batch);
    expect(out.map((o) => o.status)).toEqual(['written', 'written']);
    expect(log).toEqual(['POST /crm/sales/api/notes', 'POST /crm/sales/api/notes']);
  });

  it('a batch written again as a retry (a crash between the creates and the ledger) lands on the same records', async () => {
    const first = await openSession(sb).write({ key: 'n2', entity: 'notes', records: [note(3)] });
    const count = (await notesOf()).length;
    const log: string[] = [];
    // The resumed window holds the record the crash already created and one it never reached.
    const again = await openSession(sb, { fetch: recordingFetch(log) }).write({ key: 'n2', entity: 'notes', records: [note(3), note(4)], retried: true });
    expect(again[0]).toEqual(first[0]);
    expect(again[1]!.status).toBe('written');
    expect((await notesOf()).length).toBe(count + 1);
    // One look at the contact's notes per record, and a create only for the one not found.
    expect(log).toEqual([`GET /crm/sales/api/contacts/${contactId}`, `GET /crm/sales/api/contacts/${contactId}`, 'POST /crm/sales/api/notes']);
  });

  it('without the retry flag the same batch would duplicate: the flag is what prevents it', async () => {
    await openSession(sb).write({ key: 'n3', entity: 'notes', records: [note(5)] });
    await openSession(sb).write({ key: 'n3', entity: 'notes', records: [note(5)] });
    expect((await notesOf()).filter((n) => n.description.endsWith('note:N-5'))).toHaveLength(2);
  });

  it('updates a record in place by the id an earlier run recorded, refuses bad records per record, and deletes without forget', async () => {
    const session = openSession(sb);
    const [made] = await session.write({ key: 'n4', entity: 'notes', records: [note(6)] });
    const id = (made as { destinationId: string }).destinationId;
    const changed = { ...note(6), data: { ...note(6).data, description: 'Invoice 6 (paid)\nFerry source id: note:N-6' }, update: id };
    const bad = { ...note(7), data: { description: 'no parent' } };
    const out = await session.write({ key: 'n5', entity: 'notes', records: [changed, bad] });
    expect(out[0]).toEqual({ sourceKey: 'N-6', status: 'written', destinationId: id });
    expect(out[1]).toMatchObject({ sourceKey: 'N-7', status: 'failed', error: { code: 'FRESHSALES_VALIDATION', retryable: false } });
    expect((await session.fetch('notes', [id])).get(id)?.description).toMatch(/^Invoice 6 \(paid\)/);
    expect(await session.remove('notes', id)).toBe('deleted');
    expect(await session.remove('notes', id)).toBe('gone');
    expect((await session.fetch('notes', [id])).get(id)).toBeNull();
  });
});
