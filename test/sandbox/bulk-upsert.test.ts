import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_UPSERT_MAX } from '../../src/runner/destinations/freshsales/client.ts';
import { expectFreshsalesError, startTestSandbox, type TestSandbox } from './helpers.ts';

let sb: TestSandbox;
beforeAll(async () => {
  // 1 s of sandbox time per record: the test moves the clock to watch the job progress.
  sb = await startTestSandbox({ plan: 'pro', jobMillisPerRecord: 1_000 });
});
afterAll(() => sb.stop());

interface JobData {
  total: number;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  records: Array<{ index: number; status: string; id?: number; errors?: string[] }>;
}

describe('bulk upsert', () => {
  it('queues a job that completes with per-record results', async () => {
    const existing = await sb.suite.create('contacts', { emails: 'old@example.com', first_name: 'Old' });
    const { jobId, jobStatusUrl } = await sb.suite.bulkUpsert('contacts', [
      { identifier: { emails: 'new1@example.com' }, data: { first_name: 'New', last_name: 'One' } },
      { identifier: { emails: 'old@example.com' }, data: { job_title: 'Updated' } },
      { identifier: { emails: 'bad@example.com' }, data: { custom_field: { cf_nope: 1 } } },
      { identifier: { emails: 'new2@example.com' }, data: { first_name: 'New', last_name: 'Two' } },
    ]);
    expect(jobStatusUrl).toBe(`${sb.suiteBaseUrl}/api/job_statuses/${jobId}`);

    const first = await sb.suite.jobStatus(jobId);
    expect(first).toMatchObject({ status: 'queued', progress: 0 });

    sb.clock.advance(2_000);
    const half = await sb.suite.jobStatus(jobId);
    expect(half).toMatchObject({ status: 'in_progress', progress: 50 });

    sb.clock.advance(2_000);
    const done = await sb.classic.jobStatus(jobId);
    expect(done).toMatchObject({ status: 'completed', progress: 100, job_type_name: 'bulk_upsert_contacts' });
    const data = done.data as JobData;
    expect(data).toMatchObject({ total: 4, processed: 4, created: 2, updated: 1, failed: 1 });
    expect(data.records.map((r) => r.status)).toEqual(['created', 'updated', 'failed', 'created']);
    expect(data.records[1]!.id).toBe(existing.id);
    expect(data.records[2]!.errors).toEqual(['custom_field.cf_nope: no such custom field on contacts']);

    expect(await sb.suite.get('contacts', existing.id)).toMatchObject({ job_title: 'Updated', first_name: 'Old' });
    const lookup = await (await sb.raw('/crm/sales/api/lookup?q=new2@example.com&f=email&entities=contact')).json();
    expect(lookup.contacts.contacts.map((c: { display_name: string }) => c.display_name)).toEqual(['New Two']);
  });

  it('upserts accounts and deals by name without duplicating them', async () => {
    const { jobId } = await sb.suite.bulkUpsert('sales_accounts', [
      { identifier: { name: 'Globex' }, data: { website: 'https://globex.example' } },
      { identifier: { name: 'Initech' }, data: {} },
    ]);
    sb.clock.advance(10_000);
    expect((await sb.suite.jobStatus(jobId)).status).toBe('completed');
    const again = await sb.suite.bulkUpsert('sales_accounts', [{ identifier: { name: 'globex' }, data: { city: 'Springfield' } }]);
    sb.clock.advance(10_000);
    expect(((await sb.suite.jobStatus(again.jobId)).data as JobData).updated).toBe(1);
    const lookup = await (await sb.raw('/crm/sales/api/lookup?q=Globex&f=name&entities=sales_account')).json();
    expect(lookup.sales_accounts.sales_accounts).toHaveLength(1);
    expect(lookup.sales_accounts.sales_accounts[0]).toMatchObject({ city: 'Springfield', website: 'https://globex.example' });
  });

  it('refuses more than 100 records, client-side and server-side, and unknown jobs', async () => {
    const many = Array.from({ length: BULK_UPSERT_MAX + 1 }, (_, i) => ({ identifier: { emails: `m${i}@example.com` }, data: {} }));
    await expectFreshsalesError(sb.suite.bulkUpsert('contacts', many), 'FRESHSALES_VALIDATION');
    const res = await sb.raw('/crm/sales/api/contacts/bulk_upsert', { method: 'POST', json: { contacts: many.map((m) => ({ ...m.identifier, data: m.data })) } });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.message).toEqual(['contacts: at most 100 records per bulk upsert, got 101']);
    const noData = await sb.raw('/crm/sales/api/contacts/bulk_upsert', { method: 'POST', json: { contacts: [{ emails: 'a@example.com' }] } });
    expect((await noData.json()).errors.message).toEqual(['contacts[0].data: must be an object of fields']);
    await expectFreshsalesError(sb.suite.jobStatus('99999999999'), 'FRESHSALES_NOT_FOUND');
  });
});
