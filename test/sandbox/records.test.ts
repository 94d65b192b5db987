import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFreshsalesError, startTestSandbox, type TestSandbox } from './helpers.ts';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox({
    plan: 'pro',
    seed: {
      fields: [
        { entity: 'contacts', label: 'Customer tier', type: 'dropdown', choices: ['Gold', 'Silver'] },
        { entity: 'contacts', label: 'Seats', type: 'number' },
        { entity: 'contacts', label: 'Interests', type: 'multi_select_dropdown', choices: ['CRM', 'Email', 'Chat'] },
      ],
    },
  });
});
afterAll(() => sb.stop());

const allContactsView = async () => {
  const { filters } = (await (await sb.raw('/crm/sales/api/contacts/filters')).json()) as { filters: Array<{ id: number; name: string }> };
  return filters.find((f) => f.name === 'All Contacts')!.id;
};
const countContacts = async () => {
  const body = (await (await sb.raw(`/crm/sales/api/contacts/view/${await allContactsView()}`)).json()) as { meta: { total: number } };
  return body.meta.total;
};

describe('contacts through the client: create, get, upsert, soft delete, forget', () => {
  it('follows a contact through its whole life', async () => {
    sb.clock.set('2025-03-03T15:00:00Z');
    const created = await sb.suite.create('contacts', {
      first_name: 'Ann',
      last_name: 'Lee',
      emails: 'ann@example.com',
      mobile_number: '+1 555 0100',
      custom_field: { cf_customer_tier: 'Gold', cf_seats: '12', cf_interests: ['CRM', 'Chat'] },
    });
    expect(String(created.id)).toMatch(/^\d{11}$/);
    // Timestamps carry the account's offset (-05:00 in the fixture).
    expect(created).toMatchObject({ display_name: 'Ann Lee', email: 'ann@example.com', created_at: '2025-03-03T10:00:00-05:00', is_deleted: false });
    expect(created.custom_field).toEqual({ cf_customer_tier: 'Gold', cf_seats: 12, cf_interests: 'CRM;Chat' });
    expect(created.emails).toEqual([{ id: expect.any(Number), value: 'ann@example.com', is_primary: true, label: null, _destroy: false }]);

    const fetched = await sb.suite.get('contacts', created.id);
    expect(fetched).toEqual(created);

    sb.clock.advance(60_000);
    const upserted = await sb.suite.upsert('contacts', { emails: 'ANN@example.com' }, { job_title: 'CTO' });
    expect(upserted.created).toBe(false);
    expect(upserted.record).toMatchObject({ id: created.id, job_title: 'CTO', first_name: 'Ann', updated_at: '2025-03-03T10:01:00-05:00' });
    expect(await countContacts()).toBe(1);

    const fresh = await sb.classic.upsert('contacts', { emails: 'bo@example.com' }, { first_name: 'Bo' });
    expect(fresh.created).toBe(true);
    expect(fresh.record.email).toBe('bo@example.com');
    expect(await countContacts()).toBe(2);

    await sb.suite.delete('contacts', created.id);
    expect(await sb.suite.get('contacts', created.id)).toMatchObject({ id: created.id, is_deleted: true });
    expect(await countContacts()).toBe(1);
    await expectFreshsalesError(sb.suite.update('contacts', created.id, { job_title: 'CEO' }), 'FRESHSALES_NOT_FOUND');
    await expectFreshsalesError(sb.suite.delete('contacts', created.id), 'FRESHSALES_NOT_FOUND');

    await sb.suite.forget('contacts', created.id);
    const gone = await expectFreshsalesError(sb.suite.get('contacts', created.id), 'FRESHSALES_NOT_FOUND');
    expect(gone.status).toBe(404);
    await expectFreshsalesError(sb.suite.forget('contacts', created.id), 'FRESHSALES_NOT_FOUND');
  });

  it('refuses a second contact with the same email or mobile number, in Freshsales error shape', async () => {
    await sb.suite.create('contacts', { emails: 'dup@example.com', mobile_number: '+44 20 0000' });
    const email = await expectFreshsalesError(sb.suite.create('contacts', { emails: ['other@example.com', 'Dup@example.com'] }), 'FRESHSALES_VALIDATION');
    expect(email.status).toBe(400);
    expect(email.details.messages).toEqual(['Email is not unique']);
    const mobile = await expectFreshsalesError(sb.suite.create('contacts', { emails: 'x@example.com', mobile_number: '+44 20 0000' }), 'FRESHSALES_VALIDATION');
    expect(mobile.details.messages).toEqual(['MobileNumber is not unique']);

    const res = await sb.raw('/crm/sales/api/contacts', { method: 'POST', json: { contact: { emails: 'dup@example.com' } } });
    expect(await res.json()).toEqual({ errors: { code: 400, message: ['Email is not unique'] }, message: 'Email is not unique' });
  });

  it('validates values against field settings and names the field', async () => {
    const bad = await expectFreshsalesError(
      sb.suite.create('contacts', {
        emails: 'typed@example.com',
        custom_field: { cf_customer_tier: 'Bronze', cf_seats: 'twelve', cf_unknown: 1, cf_interests: 'CRM;Fax' },
        lifecycle_stage_id: 'not-an-id',
        nickname: 'Ty',
      }),
      'FRESHSALES_VALIDATION',
    );
    const messages = bad.details.messages!.join('\n');
    expect(messages).toMatch(/cf_customer_tier: "Bronze" is not one of its choices \("Gold", "Silver"\)/);
    expect(messages).toMatch(/cf_seats: must be a number, got "twelve"/);
    expect(messages).toMatch(/custom_field\.cf_unknown: no such custom field on contacts/);
    expect(messages).toMatch(/cf_interests: "Fax" is not one of its choices/);
    expect(messages).toMatch(/lifecycle_stage_id: "not-an-id" is not the id of one of its choices/);
    expect(messages).toMatch(/nickname: unknown attribute for contact/);
    expect(await sb.raw('/crm/sales/api/lookup?q=typed@example.com&f=email&entities=contact').then((r) => r.json())).toEqual({ contacts: { contacts: [] } });
  });

  it('keeps contact status within its lifecycle stage and deal stage within its pipeline', async () => {
    const [lead, qualified] = await sb.suite.lifecycleStages();
    const statuses = await sb.suite.contactStatuses();
    const qualifiedStatus = statuses.find((s) => s.lifecycle_stage_id === qualified!.id)!;
    const mismatch = await expectFreshsalesError(
      sb.suite.create('contacts', { emails: 'stage@example.com', lifecycle_stage_id: lead!.id, contact_status_id: qualifiedStatus.id }),
      'FRESHSALES_VALIDATION',
    );
    expect(mismatch.details.messages!.join()).toMatch(/contact_status_id: status ".*" belongs to another lifecycle stage/);
    const inferred = await sb.suite.create('contacts', { emails: 'stage@example.com', contact_status_id: qualifiedStatus.id });
    expect(inferred.lifecycle_stage_id).toBe(qualified!.id);
    // Moving to another stage without naming a status lands on that stage's first status.
    const moved = await sb.suite.update('contacts', inferred.id, { lifecycle_stage_id: lead!.id });
    expect(moved).toMatchObject({ lifecycle_stage_id: lead!.id, contact_status_id: lead!.contact_status_ids[0] });

    const [pipeline] = await sb.suite.pipelines();
    const account = await sb.suite.create('sales_accounts', { name: 'Acme' });
    const deal = await sb.suite.create('deals', { name: 'Big deal', amount: 5600, sales_account_id: account.id, contacts_added_list: [inferred.id] });
    expect(deal).toMatchObject({ amount: '5600.0', deal_pipeline_id: pipeline!.id, deal_stage_id: pipeline!.deal_stages[0]!.id, contact_ids: [inferred.id] });
    const missingAccount = await expectFreshsalesError(sb.suite.create('deals', { name: 'Orphan', sales_account_id: 12345678901 }), 'FRESHSALES_VALIDATION');
    expect(missingAccount.details.messages).toEqual(['sales_account_id: no sales_accounts record with id 12345678901']);
    const noName = await expectFreshsalesError(sb.suite.create('sales_accounts', { website: 'https://x.example' }), 'FRESHSALES_VALIDATION');
    expect(noName.details.messages).toEqual(['name: Name is required']);

    const withIncludes = await (await sb.raw(`/crm/sales/api/deals/${deal.id}?include=sales_account,contacts,deal_stage,owner`)).json();
    expect(withIncludes.sales_accounts.map((a: { name: string }) => a.name)).toEqual(['Acme']);
    expect(withIncludes.contacts.map((c: { id: number }) => c.id)).toEqual([inferred.id]);
    expect(withIncludes.deal_stages.map((s: { name: string }) => s.name)).toEqual([pipeline!.deal_stages[0]!.name]);
    expect(withIncludes.users).toHaveLength(1);
    const badInclude = await sb.raw(`/crm/sales/api/deals/${deal.id}?include=everything`);
    expect(badInclude.status).toBe(400);
  });

  it('pages views with page/per_page (capped at 100) and meta totals', async () => {
    const view = await allContactsView();
    const total = await countContacts();
    const page = async (q: string) => (await (await sb.raw(`/crm/sales/api/contacts/view/${view}?${q}`)).json()) as { contacts: Array<{ id: number }>; meta: { total: number; total_pages: number } };
    const first = await page('per_page=2&page=1&sort=id&sort_type=asc');
    const second = await page('per_page=2&page=2&sort=id&sort_type=asc');
    expect(first.meta).toEqual({ total, total_pages: Math.ceil(total / 2) });
    expect(first.contacts).toHaveLength(2);
    expect(second.contacts[0]!.id).toBeGreaterThan(first.contacts[1]!.id);
    expect((await page('per_page=500')).meta.total_pages).toBe(1);
    expect((await sb.raw(`/crm/sales/api/contacts/view/${view}?page=0`)).status).toBe(400);
  });

  it('notes, tasks and appointments hang off a live record and side-load from it', async () => {
    const contact = await sb.suite.create('contacts', { emails: 'act@example.com' });
    const note = await sb.raw('/crm/sales/api/notes', { method: 'POST', json: { note: { description: 'Called', targetable_type: 'Contact', targetable_id: contact.id } } });
    expect(note.status).toBe(201);
    expect((await note.json()).note.targetables).toEqual([{ id: contact.id, type: 'Contact' }]);
    const task = await sb.raw('/crm/sales/api/tasks', { method: 'POST', json: { task: { title: 'Follow up', targetable_type: 'Contact', targetable_id: contact.id } } });
    expect(task.status).toBe(400);
    expect((await task.json()).errors.message).toEqual(['due_date: is required', 'owner_id: is required']);
    const orphan = await sb.raw('/crm/sales/api/notes', { method: 'POST', json: { description: 'x', targetable_type: 'Deal', targetable_id: 1 } });
    expect((await orphan.json()).errors.message).toEqual(['targetable_id: no Deal with id 1']);
    const included = await (await sb.raw(`/crm/sales/api/contacts/${contact.id}?include=notes`)).json();
    expect(included.notes.map((n: { description: string }) => n.description)).toEqual(['Called']);
  });
});
