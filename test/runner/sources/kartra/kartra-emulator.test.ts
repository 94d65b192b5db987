import { describe, expect, it } from 'vitest';
import { createKartraBudget, encodeForm, type FormValue } from '../../../../src/runner/sources/kartra/index.ts';
import { emulator, exportCopy, virtualClock } from './helpers.ts';

async function setup(options: Parameters<typeof emulator>[1] = {}) {
  const k = await emulator(exportCopy(), options);
  const auth = { app_id: k.credentials.appId, api_key: k.credentials.apiKey, api_password: k.credentials.apiPassword };
  const post = async (fields: Record<string, FormValue>, withAuth = true) => {
    const res = await fetch(k.apiUrl, { method: 'POST', body: encodeForm({ ...(withAuth ? auth : {}), ...fields }) });
    return { status: res.status, body: res.status === 200 ? await res.json() : await res.text() };
  };
  return { k, auth, post };
}

describe('the Kartra emulator', () => {
  it('reads PHP-style form bodies and answers get_lead with text custom fields as strings and choice ones as option lists', async () => {
    const { post } = await setup();
    const { status, body } = await post({ get_lead: { email: 'ROB.CHEN@example.com' } });
    expect(status).toBe(200);
    expect(body.status).toBe('Success');
    const lead = body.lead_details;
    expect(lead).toMatchObject({ id: '700107', first_name: 'Robert', tags: [{ tag_name: 'customer' }, { tag_name: 'academy' }, { tag_name: 'refunded' }], lists: [{ list_name: 'Newsletter', active: 1 }], gdpr_lead_status: '2' });
    const byId = Object.fromEntries(lead.custom_fields.map((f: any) => [f.field_identifier, f]));
    expect(byId.fitness_goal).toMatchObject({ field_type: 'input_field', field_value: 'Strength' });
    expect(byId.bio.field_type).toBe('text_area');
    expect(typeof byId.bio.field_value).toBe('string');
    expect(byId.coaching_tier).toMatchObject({ field_type: 'drop_down', field_value: [{ option_id: expect.any(Number), option_value: 'Gold' }] });
    expect(byId.interests.field_value.map((o: any) => o.option_value)).toEqual(['Lifting', 'Running', 'Yoga']);
    expect(byId.plan_format.field_type).toBe('radio_button');
  });

  it('reports every error with HTTP 200, a status and Kartra type code', async () => {
    const { post, auth } = await setup();
    const cases: [Record<string, FormValue>, boolean, string][] = [
      [{ get_lead: { email: 'a@b.c' } }, false, '238'],
      [{ ...auth, app_id: 'nope', get_lead: { email: 'a@b.c' } }, false, '239'],
      [{ app_id: auth.app_id, get_lead: { email: 'a@b.c' } }, false, '202'],
      [{ ...auth, api_key: 'nope' }, false, '203'],
      [{ ...auth, api_password: 'nope' }, false, '233'],
      [{ get_lead: 'x' }, true, '236'],
      [{ actions: 'x' }, true, '224'],
      [{ actions: [{ list_name: 'x' }] }, true, '254'],
      [{ get_lead: { email: 'nobody@example.com' } }, true, '234'],
      [{ lead: { email: 'jen.moss@example.com' }, actions: [{ cmd: 'get_transaction_details', transaction_id: 'T-90002' }] }, true, '247'],
      [{ lead: { email: 'jen.moss@example.com' }, actions: [{ cmd: 'get_subscription_details', subscription_id: 'SUB-999' }] }, true, '248'],
      [{ lead: { email: 'jen.moss@example.com' }, actions: [{ cmd: 'refund_everything' }] }, true, '262'],
    ];
    for (const [fields, withAuth, type] of cases) {
      const { status, body } = await post(fields, withAuth);
      expect([status, body.status, body.type], JSON.stringify(fields)).toEqual([200, 'Error', type]);
      expect(body.message.length).toBeGreaterThan(3);
    }
  });

  it('lists a lead transactions and subscriptions, and chains actions with one answer each', async () => {
    const { post } = await setup();
    const lead = { email: 'olivia.parker@example.com' };
    const list = (await post({ lead, actions: [{ cmd: 'retrieve_transactions_from_lead' }] })).body;
    expect(list.transaction_list.map((t: any) => [t.transaction_id, t.transaction_type])).toEqual([['T-90008', 'sale'], ['T-90009', 'rebill'], ['T-90010', 'cancellation']]);
    const chained = (await post({ lead, actions: [{ cmd: 'get_transaction_details', transaction_id: 'T-90008' }, { cmd: 'get_subscription_details', subscription_id: 'SUB-404' }] })).body;
    expect(chained.actions[0].get_transaction_details.transaction_details).toMatchObject({ transaction_full_amount: '$197.00', product_name: 'Postpartum Reset' });
    expect(chained.actions[1].get_subscription_details).toMatchObject({ status: 'Error', type: '248' });
  });

  it('rewrites a created lead email to @kartra.com in Test Mode, and refuses a duplicate', async () => {
    const { post } = await setup();
    const created = (await post({ lead: { email: 'new.person@gmail.com', first_name: 'New' }, actions: [{ cmd: 'create_lead' }] })).body;
    expect(created.status).toBe('Success');
    expect((await post({ get_lead: { email: 'new.person@gmail.com' } })).body.type).toBe('234');
    expect((await post({ get_lead: { email: 'new.person@kartra.com' } })).body.lead_details).toMatchObject({ first_name: 'New', id: created.lead_details.id });
    expect((await post({ lead: { email: 'new.person@yahoo.com' }, actions: [{ cmd: 'create_lead' }] })).body.type).toBe('244');
  });

  it('answers 429 past 20 calls in a second of its clock, per app', async () => {
    const clock = virtualClock();
    const { post } = await setup({ now: clock.now });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await post({ get_lead: { email: 'jen.moss@example.com' } })).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    await clock.sleep(1_000);
    expect((await post({ get_lead: { email: 'jen.moss@example.com' } })).status).toBe(200);
  });

  it("the connector's budget grants 20 calls in a second, then waits for the next second", async () => {
    const clock = virtualClock(Date.UTC(2026, 0, 1, 0, 0, 0, 500));
    const budget = createKartraBudget({ now: () => new Date(clock.now()), sleep: clock.sleep });
    const grantedAt: number[] = [];
    for (let i = 0; i < 45; i++) {
      await budget.acquire();
      grantedAt.push(clock.now());
      budget.observe(null, false);
    }
    const perSecond = new Map<number, number>();
    for (const t of grantedAt) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect([...perSecond.values()]).toEqual([20, 20, 5]);
  });
});
