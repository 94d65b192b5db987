import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFreshsalesClient } from '../../src/runner/destinations/freshsales/client.ts';
import { API_KEY, expectFreshsalesError, startTestSandbox, type TestSandbox } from './helpers.ts';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ plan: 'growth' });
});
afterAll(() => sb.stop());

const admin = (path: string, body?: unknown) =>
  fetch(`${sb.url}/_sandbox${path}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('fault injection', () => {
  it('is deterministic for a seed', async () => {
    const run = async () => {
      expect((await admin('/faults', { seed: 7, error500: 0.2, error503: 0.3 })).status).toBe(200);
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await sb.raw('/crm/sales/api/selector/owners')).status);
      return statuses;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(new Set(a)).toEqual(new Set([200, 500, 503]));
    const { counts } = await (await admin('/faults')).json();
    expect(counts['500'] + counts['503'] + counts.none).toBe(20);
    await admin('/faults', {});
  });

  it('503s are FRESHSALES_SERVER (retryable); dropped connections and timeouts are FRESHSALES_UNREACHABLE', async () => {
    await admin('/faults', { error503: 1 });
    const server = await expectFreshsalesError(sb.suite.owners(), 'FRESHSALES_SERVER');
    expect([server.status, server.retryable]).toEqual([503, true]);

    await admin('/faults', { drop: 1 });
    await expectFreshsalesError(sb.suite.owners(), 'FRESHSALES_UNREACHABLE');

    await admin('/faults', { timeout: 1, timeoutMs: 5_000 });
    const impatient = createFreshsalesClient({ baseUrl: sb.suiteBaseUrl, apiKey: API_KEY }, { fetch, timeoutMs: 200 });
    const late = await expectFreshsalesError(impatient.owners(), 'FRESHSALES_UNREACHABLE');
    expect(late.message).toContain('no answer within 200 ms');

    await admin('/faults', {});
    expect((await sb.suite.owners()).length).toBeGreaterThan(0);
    expect((await admin('/faults', { error500: 0.8, drop: 0.5 })).status).toBe(400);
  });
});

describe('the /_sandbox admin surface', () => {
  it('adds users with their own key; "My Contacts" is per user', async () => {
    const res = await admin('/users', { display_name: 'Sam Seller', email: 'sam@example.com', api_key: 'sam-key-0000001' });
    expect(res.status).toBe(201);
    const sam = createFreshsalesClient({ baseUrl: sb.suiteBaseUrl, apiKey: 'sam-key-0000001' }, { fetch });
    const mine = await sam.create('contacts', { emails: 'sams@example.com' });
    await sb.suite.create('contacts', { emails: 'admins@example.com' });
    expect(mine.owner_id).toBe((await sam.owners()).find((o) => o.email === 'sam@example.com')!.id);
    const { filters } = await (await sb.raw('/crm/sales/api/contacts/filters', { key: 'sam-key-0000001' })).json();
    const myView = filters.find((f: { name: string }) => f.name === 'My Contacts').id;
    const view = await (await sb.raw(`/crm/sales/api/contacts/view/${myView}`, { key: 'sam-key-0000001' })).json();
    expect(view.contacts.map((c: { email: string }) => c.email)).toEqual(['sams@example.com']);
    expect((await admin('/users', { display_name: 'Dup', email: 'SAM@example.com' })).status).toBe(400);
  });

  it('adds custom fields within the plan quota, and the dump never shows whole keys', async () => {
    const ok = await admin('/fields', { entity: 'deals', fields: [{ label: 'Off-loading point', type: 'text' }] });
    expect((await ok.json()).fields[0]).toMatchObject({ name: 'cf_off-loading_point', default: false, type: 'text' });
    // Growth allows 5 text areas per entity.
    const areas = Array.from({ length: 6 }, (_, i) => ({ label: `Notes ${i}`, type: 'textarea' }));
    const over = await admin('/fields', { entity: 'contacts', fields: areas });
    expect(over.status).toBe(403);
    expect((await over.json()).errors.message[0]).toMatch(/textarea field limit reached on contacts: the growth plan allows 5/);
    expect((await admin('/fields', { entity: 'contacts', fields: [{ label: 'Kind', type: 'dropdown' }] })).status).toBe(400);
    expect((await admin('/fields', { entity: 'tickets', fields: [{ label: 'X', type: 'text' }] })).status).toBe(400);

    const dump = await (await admin('/state')).text();
    expect(dump).not.toContain(API_KEY);
    expect(JSON.parse(dump).users.length).toBeGreaterThanOrEqual(2);
  });

  it('resets to a fresh account, optionally on another plan', async () => {
    await sb.suite.create('contacts', { emails: 'before-reset@example.com' });
    const res = await admin('/reset', { plan: 'enterprise' });
    expect(await res.json()).toEqual({ plan: 'enterprise' });
    const state = await (await admin('/state')).json();
    expect(state.records).toEqual({});
    expect(state.users).toHaveLength(1);
    await sb.suite.create('contacts', { emails: 'before-reset@example.com' });
    expect((await admin('/reset', { plan: 'platinum' })).status).toBe(400);
  });
});
