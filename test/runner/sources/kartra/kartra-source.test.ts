import { describe, expect, it } from 'vitest';
import { KARTRA_EXPORT_HEADERS, LOOKUP_COLUMN } from '../../../../src/runner/sources/kartra/index.ts';
import { nodeExportFiles } from '../../../../src/http/entry/export-files.node.ts';
import type { SourceMessage } from '../../../../src/runner/protocol.ts';
import { createExportsSource } from '../../../../src/runner/sources/exports/index.ts';
import { configFor, emulator, exportCopy, fixtureHeader, fixtureRows, kartraCtx, readAll, records, session, virtualClock } from './helpers.ts';

const emailOf = (m: SourceMessage) => (m.type === 'record' ? String(m.data.Email).toLowerCase() : '');

describe('the Kartra API source over the emulator', () => {
  it('discovers the export files columns for every stream, with custom fields and the lookup column', async () => {
    const dir = exportCopy(['contacts.csv']); // no transactions or subscriptions export to copy headers from
    const clock = virtualClock();
    const k = await emulator(dir, { now: clock.now });
    const s = session(k, dir, kartraCtx(clock));
    expect(await s.check()).toEqual({ ok: true });
    const specs = await s.discover();
    expect(specs.map((x) => x.name)).toEqual(['contacts.csv', 'transactions.csv', 'subscriptions.csv']);
    expect(specs[0]!.columns).toEqual([...fixtureHeader('contacts.csv', dir), LOOKUP_COLUMN]);
    // Without exports of their own, the API streams carry exactly the columns Kartra's exports have.
    expect(specs[1]!.columns).toEqual(fixtureHeader('transactions.csv'));
    expect(specs[2]!.columns).toEqual(fixtureHeader('subscriptions.csv'));
    expect(KARTRA_EXPORT_HEADERS.transaction.map(([h]) => h)).toEqual(fixtureHeader('transactions.csv'));
  });

  it('a full read equals the exports: every contact with its five kinds of custom field, tags, lists and GDPR status, every transaction and subscription', async () => {
    const dir = exportCopy();
    const clock = virtualClock();
    const k = await emulator(dir, { now: clock.now });
    const ctx = kartraCtx(clock);
    const s = session(k, dir, ctx);

    const contacts = await readAll(s, 'contacts.csv');
    const expected = fixtureRows('contacts.csv', dir);
    expect(records(contacts).map((m) => m.data)).toEqual(expected.map((row) => ({ ...row, [LOOKUP_COLUMN]: 'found' })));
    // Each contact keeps its export row's place (the bio cells span lines), as the exports source reads it.
    const exported = records(await readAll(createExportsSource(nodeExportFiles).open({ kind: 'exports', dir }, ctx), 'contacts.csv'));
    expect(records(contacts).map((m) => [m.position, m.data])).toEqual(exported.map((m) => [m.position, { ...m.data, [LOOKUP_COLUMN]: 'found' }]));
    expect(records(contacts).find((m) => m.data.Email === 'rob.chen@example.com')?.data).toMatchObject({ interests: 'Lifting;Running;Yoga', plan_format: 'In person', coaching_tier: 'Gold', Tags: 'customer;academy;refunded', 'GDPR Status': '2' });

    for (const [stream, id] of [['transactions.csv', 'Transaction ID'], ['subscriptions.csv', 'Subscription ID']] as const) {
      const read = records(await readAll(s, stream));
      const byId = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => String(a[id]).localeCompare(String(b[id])));
      expect(byId(read.map((m) => m.data)), stream).toEqual(byId(fixtureRows(stream)));
      expect(read.map((m) => m.position.line)).toEqual(read.map((_, i) => i + 2));
      expect(new Set(read.map((m) => m.data[id])).size).toBe(read.length);
    }
    // One get_lead per contact; one list call per lead and one detail call per item for the other two streams.
    expect(k.sandbox.calls().byCommand).toMatchObject({ get_lead: 12, retrieve_transactions_from_lead: 12, get_transaction_details: 12, retrieve_subscriptions_from_lead: 12, get_subscription_details: 10 });
  });

  it('takes the API value over the export, and still emits the export row of an email Kartra does not know, flagged and logged', async () => {
    const dir = exportCopy();
    const clock = virtualClock();
    const k = await emulator(dir, {
      now: clock.now,
      edit: (data) => {
        const jen = data.leads.get('jen.moss@example.com')!;
        jen.fields.first_name = 'Jenny';
        jen.tags.push('renewed');
        jen.custom.coaching_tier = 'Gold';
        data.leads.delete('marcus.green@acmegyms.example');
        data.leads.get('emma.dubois@example.fr')!.deleted = true;
      },
    });
    const ctx = kartraCtx(clock);
    const s = session(k, dir, ctx);
    const rows = records(await readAll(s, 'contacts.csv'));
    const exported = fixtureRows('contacts.csv', dir);
    expect(rows).toHaveLength(exported.length);
    const jen = rows.find((m) => emailOf(m) === 'jen.moss@example.com')!.data;
    expect(jen).toMatchObject({ 'First Name': 'Jenny', Tags: 'customer;academy;renewed', coaching_tier: 'Gold', [LOOKUP_COLUMN]: 'found' });
    const marcus = rows.find((m) => emailOf(m) === 'marcus.green@acmegyms.example')!;
    expect(marcus.data).toEqual({ ...exported.find((r) => r.Email === 'marcus.green@acmegyms.example'), [LOOKUP_COLUMN]: 'not found' });
    expect(rows.find((m) => emailOf(m) === 'emma.dubois@example.fr')!.data[LOOKUP_COLUMN]).toBe('deleted');

    const warnings = ctx.logs.filter(([level]) => level === 'warn');
    expect(warnings.map(([, , f]) => [f?.line, f?.lookup])).toEqual([[marcus.position.line, 'not found'], [rows.find((m) => emailOf(m) === 'emma.dubois@example.fr')!.position.line, 'deleted']]);
    expect(JSON.stringify(ctx.logs)).not.toContain('marcus'); // logs name the row, never the person

    // The unknown lead's transactions cannot be read through the API: they are missing, and the log says where.
    const tx = records(await readAll(s, 'transactions.csv'));
    expect(tx.map((m) => m.data['Transaction ID'])).not.toContain('T-90002');
    expect(tx).toHaveLength(12 - 3 - 1);
  });

  it('check() fails at once on bad credentials, naming the command, the error type and its meaning', async () => {
    const dir = exportCopy(['contacts.csv']);
    const k = await emulator(dir);
    const bad = session(k, dir, kartraCtx(virtualClock()), {}, { apiPassword: 'wrong' });
    const result = await bad.check();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/retrieve_custom_fields.*type 233.*api_password is not valid/);
    expect(k.sandbox.calls().byCommand).toEqual({ retrieve_custom_fields: 1 });

    const noApp = await session(k, dir, kartraCtx(virtualClock()), {}, { appId: 'other-app' }).check();
    expect(!noApp.ok && noApp.message).toMatch(/type 239.*app_id is not valid/);
    const noExport = await session(k, dir, kartraCtx(virtualClock()), {}, { contactsFile: 'leads.csv' }).check();
    expect(!noExport.ok && noExport.message).toMatch(/no contacts export "leads.csv"/);
  });

  it('waits out 429s on its budget and loses or doubles nothing', async () => {
    const dir = exportCopy();
    const clock = virtualClock();
    const k = await emulator(dir, { callsPerSecond: 4, now: clock.now });
    const s = session(k, dir, kartraCtx(clock), { concurrency: 4 });
    const start = clock.now();
    const rows = records(await readAll(s, 'transactions.csv'));
    expect(rows.map((m) => m.data['Transaction ID']).sort()).toEqual(fixtureRows('transactions.csv').map((r) => r['Transaction ID']).sort());
    expect(k.sandbox.calls().throttled).toBeGreaterThan(0);
    // 24 calls at 4 a second cannot have taken under 5 seconds of the (virtual) clock the budget waited on.
    expect(clock.now() - start).toBeGreaterThanOrEqual(5_000);
  });

  it('retries dropped connections and server errors with nothing lost or duplicated', async () => {
    const dir = exportCopy();
    const [cleanClock, faultyClock] = [virtualClock(), virtualClock()];
    const clean = await emulator(dir, { now: cleanClock.now });
    const faulty = await emulator(dir, { now: faultyClock.now });
    faulty.sandbox.faults.configure({ seed: 11, drop: 0.15, error500: 0.1, error503: 0.05 });
    const options = { concurrency: 1, client: { attempts: 12, backoffMs: 100, maxThrottled: 5, timeoutMs: 10_000 } };
    for (const stream of ['contacts.csv', 'transactions.csv', 'subscriptions.csv']) {
      const want = await readAll(session(clean, dir, kartraCtx(cleanClock), options), stream);
      const got = await readAll(session(faulty, dir, kartraCtx(faultyClock), options), stream);
      expect(got, stream).toEqual(want);
    }
    expect(faulty.sandbox.calls().faulted).toBeGreaterThan(5);
  });

  it('resumes from a checkpoint without reading the leads before it again', async () => {
    const dir = exportCopy();
    const clock = virtualClock();
    const k = await emulator(dir, { now: clock.now });
    for (const stream of ['contacts.csv', 'transactions.csv']) {
      const full = await readAll(session(k, dir, kartraCtx(clock)), stream);
      expect(full.filter((m) => m.type === 'checkpoint')).toHaveLength(4); // every 3 of 12 leads

      // A first read stops after its second checkpoint (a crash, say); a new session resumes from it.
      // One lead at a time here, so no lookup is under way past the checkpoint when the read stops.
      const first: SourceMessage[] = [];
      for await (const m of session(k, dir, kartraCtx(clock), { concurrency: 1 }).read(stream, null)) {
        first.push(m);
        if (first.filter((x) => x.type === 'checkpoint').length === 2) break;
      }
      const last = first.at(-1)!;
      if (last.type !== 'checkpoint') throw new Error('the first read did not stop at a checkpoint');
      const state = last.state;
      const before = k.sandbox.calls().byCommand;
      const rest = await readAll(session(k, dir, kartraCtx(clock)), stream, state);
      expect([...records(first), ...records(rest)]).toEqual(records(full));
      const listCall = stream === 'contacts.csv' ? 'get_lead' : 'retrieve_transactions_from_lead';
      expect(k.sandbox.calls().byCommand[listCall]! - before[listCall]!).toBe(6);
    }
    await expect(readAll(session(k, dir, kartraCtx(clock)), 'contacts.csv', { line: 3 })).rejects.toThrow(/contacts.csv: the resume state is not a checkpoint/);
  });

  it('refuses a stream it was not configured with', async () => {
    const dir = exportCopy(['contacts.csv']);
    const k = await emulator(dir);
    const s = session(k, dir, kartraCtx(virtualClock()), {}, { streams: { 'contacts.csv': 'contact' } });
    expect(() => s.read('orders.csv', null)).toThrow(/no Kartra stream "orders.csv"/);
    expect(configFor(k, dir).streams).toHaveProperty('subscriptions.csv', 'subscription');
  });
});
