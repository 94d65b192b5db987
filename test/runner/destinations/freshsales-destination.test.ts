import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFreshsalesDestination } from '../../../src/runner/destinations/freshsales/destination.ts';
import type { DestinationRecord } from '../../../src/runner/protocol.ts';
import type { TestSandbox } from '../../sandbox/helpers.ts';
import { SEED, batchOf, collect, contactRecords, openSession, recordingFetch, startDestinationSandbox } from './helpers.ts';

let sb: TestSandbox;
beforeEach(async () => {
  sb = await startDestinationSandbox({
    seed: {
      ...SEED,
      users: [{ display_name: 'Rita Rep', email: 'rita@example.com' }, { display_name: 'Gone Guy', email: 'gone@example.com', is_active: false }],
      pipelines: [{ name: 'Renewals', stages: [{ name: 'Due' }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }] }],
    },
  });
});
afterEach(() => sb.stop());

describe('config and check', () => {
  it('accepts Suite and Classic base URLs and refuses unusable ones without echoing the key', () => {
    const schema = createFreshsalesDestination().configSchema;
    expect(schema.parse({ kind: 'freshsales', baseUrl: 'https://acme.myfreshworks.com/crm/sales', apiKey: 'k'.repeat(20), plan: 'growth' })).toMatchObject({ plan: 'growth' });
    const bad = schema.safeParse({ kind: 'freshsales', baseUrl: 'ftp://acme.freshsales.io', apiKey: 'has a space 123', plan: 'gold' });
    expect(bad.success).toBe(false);
    const issues = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual([
      'baseUrl: baseUrl "ftp://acme.freshsales.io" must use https (or http for a local sandbox)',
      'apiKey: apiKey must be at least 8 characters without spaces',
      expect.stringMatching(/^plan: /),
    ]);
    expect(JSON.stringify(issues)).not.toContain('has a space');
  });

  it('check() passes with the key and says what is wrong with a bad one, never quoting it', async () => {
    expect(await openSession(sb).check()).toEqual({ ok: true });
    expect(await openSession(sb, { edition: 'classic' }).check()).toEqual({ ok: true });
    const wrong = 'definitely-not-the-key-42';
    const result = await openSession(sb, { apiKey: wrong }).check();
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.message).toBe(`Freshsales at ${sb.suiteBaseUrl}/api refused the API key (401): check the key and that its user is active`);
    expect(JSON.stringify(result)).not.toContain(wrong);
  });
});

describe('describe()', () => {
  it('reads fields, active users and selector lists once', async () => {
    const calls: string[] = [];
    const session = openSession(sb, { fetch: recordingFetch(calls) });
    const d = await session.describe();
    expect(await session.describe()).toBe(d);
    expect(calls).toHaveLength(15);

    expect(d.fields.contacts.find((f) => f.name === 'emails')).toMatchObject({ custom: false, type: 'email', required: false });
    expect(d.fields.contacts.find((f) => f.name === 'cf_segment')).toMatchObject({
      custom: true,
      type: 'dropdown',
      choices: [expect.objectContaining({ value: 'Gold' }), expect.objectContaining({ value: 'Silver' })],
    });
    expect(d.fields.sales_accounts.find((f) => f.name === 'name')).toMatchObject({ required: true, custom: false });
    expect(d.fields.deals.map((f) => f.name)).toContain('cf_ferry_source_id');

    expect(d.users.map((u) => u.email).sort()).toEqual(['admin@sandbox.ferry.test', 'rita@example.com']);
    expect(d.users.find((u) => u.email === 'rita@example.com')).toMatchObject({ name: 'Rita Rep', id: expect.any(Number) });

    expect(d.selectors.currencies!.map((c) => c.value)).toEqual(['USD']);
    expect(d.selectors.lead_sources!.map((c) => c.value)).toContain('Web');
    expect(d.selectors.territories).toEqual([]);
    for (const name of ['deal_types', 'deal_reasons', 'industry_types', 'business_types', 'deal_payment_statuses', 'lifecycle_stages']) {
      expect(d.selectors[name]!.length, name).toBeGreaterThan(0);
    }
    const lead = d.selectors.lifecycle_stages!.find((s) => s.value === 'Lead')!;
    expect(d.selectors.contact_statuses!.find((s) => s.value === 'Unqualified')).toMatchObject({ lifecycleStageId: lead.id });

    // Stages of both pipelines, flattened; "Won" twice, told apart by its pipeline.
    const [main, renewals] = d.selectors.deal_pipelines!;
    expect(renewals).toMatchObject({ value: 'Renewals' });
    const won = d.selectors.deal_stages!.filter((s) => s.value === 'Won');
    expect(won.map((s) => (s as { pipelineId?: number }).pipelineId)).toEqual([main!.id, renewals!.id]);
    expect(d.selectors.deal_stages).toHaveLength(10);
  });
});

describe('write()', () => {
  it('bulk-upserts accounts, contacts and deals, creating new records and updating existing ones, one poll per batch', async () => {
    const globex = await sb.suite.create('sales_accounts', { name: 'Globex' });
    const old = await sb.suite.create('contacts', { emails: 'old@example.com', first_name: 'Old', job_title: 'Clerk' });
    const calls: string[] = [];
    const session = openSession(sb, { fetch: recordingFetch(calls) });

    const accounts = await session.write(
      batchOf('sales_accounts', [
        { sourceKey: 'a:1', identifier: { name: 'Globex' }, data: { city: 'Springfield' } },
        { sourceKey: 'a:2', identifier: { name: 'Initech' }, data: { website: 'https://initech.example', custom_field: { cf_ferry_source_id: 'account:2' } } },
      ]),
    );
    expect(accounts).toEqual([
      { sourceKey: 'a:1', status: 'written', destinationId: String(globex.id) },
      { sourceKey: 'a:2', status: 'written', destinationId: expect.stringMatching(/^\d+$/) },
    ]);
    const initech = accounts[1]!.status === 'written' ? accounts[1]!.destinationId : '';

    const contacts = await session.write(
      batchOf('contacts', [
        { sourceKey: 'c:old', identifier: { emails: 'old@example.com' }, data: { job_title: 'Manager', sales_account_id: globex.id } },
        { sourceKey: 'c:new', identifier: { emails: 'new@example.com' }, data: { first_name: 'New', sales_accounts: [{ id: Number(initech), is_primary: true }] } },
        { sourceKey: 'c:nomail', identifier: { cf_ferry_source_id: 'contact:77' }, data: { first_name: 'No', last_name: 'Mail', custom_field: { cf_segment: 'Gold' } } },
      ]),
    );
    expect(contacts.map((o) => o.status)).toEqual(['written', 'written', 'written']);
    expect(contacts[0]).toMatchObject({ destinationId: String(old.id) });
    const ids = contacts.map((o) => (o.status === 'written' ? o.destinationId : ''));

    const deals = await session.write(
      batchOf('deals', [
        { sourceKey: 'd:1', identifier: { cf_ferry_source_id: 'deal:1' }, data: { name: 'Big deal', amount: 5600, sales_account_id: globex.id, contact_ids: [Number(ids[0]), Number(ids[1])] } },
        { sourceKey: 'd:2', identifier: { cf_ferry_source_id: 'deal:2' }, data: { name: 'Small deal', amount: 10 } },
      ]),
    );
    expect(deals.map((o) => o.status)).toEqual(['written', 'written']);

    expect(calls.filter((c) => c.includes('bulk_upsert'))).toHaveLength(3);
    expect(calls.filter((c) => c.includes('/job_statuses/'))).toHaveLength(3);
    expect(calls).toHaveLength(6);

    const back = await session.fetch('contacts', ids);
    expect(back.get(ids[0]!)).toMatchObject({ first_name: 'Old', job_title: 'Manager', sales_account_id: globex.id });
    expect(back.get(ids[1]!)).toMatchObject({ email: 'new@example.com', sales_account_id: Number(initech) });
    expect(back.get(ids[2]!)).toMatchObject({ display_name: 'No Mail', custom_field: expect.objectContaining({ cf_ferry_source_id: 'contact:77', cf_segment: 'Gold' }) });
    const deal = (await session.fetch('deals', [deals[0]!.status === 'written' ? deals[0]!.destinationId : ''])).values().next().value!;
    expect(deal).toMatchObject({ name: 'Big deal', amount: '5600.0', sales_account_id: globex.id, contact_ids: [Number(ids[0]), Number(ids[1])] });
  });

  it('writing the same batch twice leaves one record per identifier', async () => {
    const session = openSession(sb);
    const batch = batchOf('contacts', contactRecords(['ann', 'bob', 'cy'], (n) => ({ custom_field: { cf_ferry_source_id: `contact:${n}` } })));
    const first = await session.write(batch);
    const second = await session.write(batch);
    expect(second).toEqual(first);
    const accounts = batchOf('sales_accounts', [{ sourceKey: 'a', identifier: { name: 'Acme' }, data: {} }]);
    expect(await session.write(accounts)).toEqual(await session.write(accounts));
    const { records } = await collect(session.snapshot('contacts'));
    expect(records.map((r) => r.email).sort()).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com']);
    expect((await collect(session.snapshot('sales_accounts'))).records).toHaveLength(1);
  });

  it('a record the account refuses comes back failed with its messages; the rest are written', async () => {
    await sb.suite.create('contacts', { emails: 'taken@example.com' });
    const session = openSession(sb);
    const out = await session.write(
      batchOf('contacts', [
        ...contactRecords(['ok1']),
        { sourceKey: 'c:bad', identifier: { emails: 'bad@example.com' }, data: { custom_field: { cf_segment: 'Platinum' } } },
        { sourceKey: 'c:clash', identifier: { cf_ferry_source_id: 'contact:9' }, data: { emails: 'taken@example.com' } },
        ...contactRecords(['ok2']),
      ]),
    );
    expect(out.map((o) => o.status)).toEqual(['written', 'failed', 'failed', 'written']);
    expect(out[1]).toEqual({
      sourceKey: 'c:bad',
      status: 'failed',
      error: { code: 'FRESHSALES_VALIDATION', message: expect.stringMatching(/^cf_segment: "Platinum" is not one of its choices/), retryable: false },
    });
    expect(out[2]).toMatchObject({ error: { message: 'Email is not unique', retryable: false } });

    // A batch of one goes through the single upsert, and fails the same way.
    const calls: string[] = [];
    const one = await openSession(sb, { fetch: recordingFetch(calls) }).write(
      batchOf('sales_accounts', [{ sourceKey: 'a:bad', identifier: { name: 'Bad Co' }, data: { annual_revenue: 'lots' } }]),
    );
    expect(calls).toEqual(['POST /crm/sales/api/sales_accounts/upsert']);
    expect(one).toEqual([{ sourceKey: 'a:bad', status: 'failed', error: { code: 'FRESHSALES_VALIDATION', message: 'annual_revenue: must be a number, got "lots"', retryable: false } }]);
    const good = await openSession(sb).write(batchOf('sales_accounts', [{ sourceKey: 'a:good', identifier: { name: 'Good Co' }, data: {} }]));
    expect(good).toEqual([{ sourceKey: 'a:good', status: 'written', destinationId: expect.stringMatching(/^\d+$/) }]);
  });

  it('when the job status lists no per-record results, resolves each record by lookup', async () => {
    const calls: string[] = [];
    // The real job status layout is undocumented: this answer keeps only the counts.
    const strip = (path: string, body: unknown) => {
      if (!path.includes('/job_statuses/')) return body;
      const { data, ...rest } = body as { data: { records: unknown[] } };
      const { records: _records, ...counts } = data;
      return { ...rest, data: counts };
    };
    const session = openSession(sb, { fetch: recordingFetch(calls, strip) });
    const out = await session.write(
      batchOf('contacts', [
        ...contactRecords(['lu1']),
        { sourceKey: 'c:cf', identifier: { cf_ferry_source_id: 'contact:cf' }, data: { first_name: 'Cf' } },
        { sourceKey: 'c:bad', identifier: { emails: 'bad@example.com' }, data: { custom_field: { cf_segment: 'Platinum' } } },
      ]),
    );
    const truth = await session.fetch('contacts', out.filter((o) => o.status === 'written').map((o) => o.destinationId));
    expect([...truth.values()].map((r) => r?.display_name)).toEqual(['lu1', 'Cf']);
    expect(out[2]).toEqual({
      sourceKey: 'c:bad',
      status: 'failed',
      error: { code: 'FRESHSALES_UNCONFIRMED', message: expect.stringMatching(/gave no result for this record, and lookup by its emails finds none$/), retryable: true },
    });
    expect(calls.filter((c) => c.endsWith('/lookup'))).toHaveLength(3);
  });

  it('keeps polling a slow job, and gives up (retryable) on one that never ends', async () => {
    const slow = await startDestinationSandbox({ jobMillisPerRecord: 200 });
    try {
      const calls: string[] = [];
      const out = await openSession(slow, { fetch: recordingFetch(calls), pollIntervalMs: 500 }).write(batchOf('contacts', contactRecords(['s1', 's2', 's3', 's4'])));
      expect(out.map((o) => o.status)).toEqual(['written', 'written', 'written', 'written']);
      // 4 × 20 ms expected, 4 × 200 ms taken: a handful of polls, not one per millisecond.
      const polls = calls.filter((c) => c.includes('/job_statuses/')).length;
      expect(polls).toBeGreaterThan(1);
      expect(polls).toBeLessThanOrEqual(3);

      const stuck = openSession(slow, { pollIntervalMs: 500, timeoutMs: 1_000, msPerRecord: 1 });
      const err = await stuck.write(batchOf('contacts', contactRecords(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 't10']))).catch((e) => e);
      expect(err).toMatchObject({ code: 'FRESHSALES_SERVER', retryable: true, message: expect.stringMatching(/^bulk upsert job \d+ of 10 contacts still "(queued|in_progress)" at \d+% after \d+ ms$/) });
    } finally {
      await slow.stop();
    }
  });
});

describe('snapshot()', () => {
  it('pages through every live record, 100 at a time, contacts with their emails', async () => {
    const session = openSession(sb);
    const names = Array.from({ length: 230 }, (_, i) => `p${String(i).padStart(3, '0')}`);
    for (let i = 0; i < names.length; i += 100) await session.write(batchOf('contacts', contactRecords(names.slice(i, i + 100))));
    const gone = await sb.suite.create('contacts', { emails: 'deleted@example.com' });
    await sb.suite.delete('contacts', gone.id);

    const calls: string[] = [];
    const { sizes, records } = await collect(openSession(sb, { fetch: recordingFetch(calls) }).snapshot('contacts'));
    expect(sizes).toEqual([100, 100, 30]);
    expect(new Set(records.map((r) => r.id)).size).toBe(230);
    expect(records.map((r) => r.email).sort()).toEqual(names.map((n) => `${n}@example.com`));
    expect(records[0]).toMatchObject({ emails: [expect.objectContaining({ value: 'p000@example.com', is_primary: true })], custom_field: expect.any(Object) });
    expect(calls).toEqual(['GET /crm/sales/api/contacts/filters', ...[1, 2, 3].map(() => expect.stringMatching(/^GET \/crm\/sales\/api\/contacts\/view\/\d+$/))]);
  });

  it('lists deals in every stage through the open, won and lost views', async () => {
    const session = openSession(sb);
    const stages = (await session.describe()).selectors.deal_stages!;
    const stage = (name: string) => stages.find((s) => s.value === name)!.id;
    const made = await session.write(
      batchOf('deals', [
        { sourceKey: 'd1', identifier: { name: 'Open one' }, data: { deal_stage_id: stage('New') } },
        { sourceKey: 'd2', identifier: { name: 'Won one' }, data: { deal_stage_id: stage('Won') } },
        { sourceKey: 'd3', identifier: { name: 'Lost one' }, data: { deal_stage_id: stage('Lost') } },
      ]),
    );
    const { records } = await collect(session.snapshot('deals'));
    expect(records.map((r) => String(r.id)).sort()).toEqual(made.map((o) => (o.status === 'written' ? o.destinationId : '')).sort());
    expect(records.map((r) => r.name).sort()).toEqual(['Lost one', 'Open one', 'Won one']);
  });
});

describe('fetch(), remove() and restore()', () => {
  const idOf = (o: { status: string; destinationId?: string }) => o.destinationId!;

  it('puts a contact back as its before-image had it, and says gone for records that are not there', async () => {
    const acme = await sb.suite.create('sales_accounts', { name: 'Acme' });
    const other = await sb.suite.create('sales_accounts', { name: 'Other' });
    await sb.suite.create('contacts', {
      emails: ['keep@example.com'],
      first_name: 'Kim',
      job_title: 'Buyer',
      sales_accounts: [{ id: acme.id, is_primary: true }],
      custom_field: { cf_segment: 'Silver' },
    });
    const session = openSession(sb);
    const before = (await collect(session.snapshot('contacts'))).records[0] as DestinationRecord;

    const [out] = await session.write(
      batchOf('contacts', [
        { sourceKey: 'k', identifier: { emails: 'keep@example.com' }, data: { job_title: 'Director', emails: ['keep@example.com', 'kim2@example.com'], sales_account_id: other.id, custom_field: { cf_segment: 'Gold', cf_ferry_source_id: 'contact:k' } } },
      ]),
    );
    const id = idOf(out!);
    expect((await session.fetch('contacts', [id])).get(id)).toMatchObject({ job_title: 'Director', sales_account_id: other.id, custom_field: expect.objectContaining({ cf_segment: 'Gold' }) });

    expect(await session.restore('contacts', id, before)).toBe('restored');
    const after = (await session.fetch('contacts', [id])).get(id)!;
    expect(after).toMatchObject({
      first_name: 'Kim',
      job_title: 'Buyer',
      email: 'keep@example.com',
      sales_account_id: acme.id,
      custom_field: expect.objectContaining({ cf_segment: 'Silver', cf_ferry_source_id: null }),
    });
    expect((after.emails as Array<{ value: string }>).map((e) => e.value)).toEqual(['keep@example.com']);
    expect(after.sales_accounts).toEqual([{ id: acme.id, name: 'Acme', is_primary: true }]);

    expect(await session.remove('contacts', id)).toBe('deleted');
    expect(await session.restore('contacts', id, before)).toBe('gone');
  });

  it("puts a deal's contacts back: links Ferry added are removed, ones it removed come back", async () => {
    const session = openSession(sb);
    const [c1, c2] = (await session.write(batchOf('contacts', contactRecords(['dc1', 'dc2'])))).map(idOf);
    const deal = await sb.suite.create('deals', { name: 'Linked', amount: 100, contacts_added_list: [Number(c1)] });
    const before = (await session.fetch('deals', [String(deal.id)])).get(String(deal.id))!;
    await session.write(batchOf('deals', [{ sourceKey: 'd', identifier: { name: 'Linked' }, data: { amount: 200, contact_ids: [Number(c2)] } }]));
    expect((await session.fetch('deals', [String(deal.id)])).get(String(deal.id))).toMatchObject({ amount: '200.0', contact_ids: [Number(c1), Number(c2)] });

    expect(await session.restore('deals', String(deal.id), before)).toBe('restored');
    expect((await session.fetch('deals', [String(deal.id)])).get(String(deal.id))).toMatchObject({ amount: '100.0', contact_ids: [Number(c1)] });
  });

  it('removes for good (delete, then forget), and reports gone for what is already gone', async () => {
    const session = openSession(sb);
    const [a, b] = (await session.write(batchOf('contacts', contactRecords(['rm1', 'rm2'])))).map(idOf);
    expect(await session.remove('contacts', a!)).toBe('deleted');
    expect((await sb.raw(`/crm/sales/api/contacts/${a}`)).status).toBe(404);

    // Already in the recycle bin: forget still purges it.
    await sb.suite.delete('contacts', Number(b));
    expect((await session.fetch('contacts', [b!])).get(b!)).toBeNull();
    expect(await session.remove('contacts', b!)).toBe('deleted');
    expect((await sb.raw(`/crm/sales/api/contacts/${b}`)).status).toBe(404);

    expect(await session.remove('contacts', a!)).toBe('gone');
    expect(await session.fetch('contacts', [a!, b!])).toEqual(new Map([[a!, null], [b!, null]]));
    await expect(session.remove('contacts', 'not-an-id')).rejects.toThrow('"not-an-id" is not a Freshsales record id');
  });
});

describe('Classic accounts', () => {
  it('write, snapshot, fetch and remove work the same through a Classic base URL', async () => {
    const calls: string[] = [];
    const session = openSession(sb, { edition: 'classic', fetch: recordingFetch(calls) });
    const out = await session.write(batchOf('contacts', contactRecords(['cl1', 'cl2'])));
    const ids = out.map((o) => (o.status === 'written' ? o.destinationId : ''));
    expect((await collect(session.snapshot('contacts'))).records.map((r) => String(r.id)).sort()).toEqual([...ids].sort());
    expect([...(await session.fetch('contacts', ids)).values()].map((r) => r?.email)).toEqual(['cl1@example.com', 'cl2@example.com']);
    expect(await session.remove('contacts', ids[0]!)).toBe('deleted');
    expect(calls.every((c) => /^(GET|POST|PUT|DELETE) \/api\//.test(c))).toBe(true);
  });
});
