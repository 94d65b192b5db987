import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import defaults from '../../rules/scoping/freshsales-defaults.json' with { type: 'json' };
import { knowledgeBase } from '../../rules/index.ts';
import { startFreshsalesSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { createFreshsalesClient } from '../../src/runner/destinations/freshsales/client.ts';
import account from '../fixtures/freshsales/default-account.json' with { type: 'json' };
import { API_KEY, expectFreshsalesError, startTestSandbox, type TestSandbox } from './helpers.ts';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox({
    plan: 'pro',
    seed: {
      fields: [
        { entity: 'contacts', label: 'Customer tier', type: 'dropdown', choices: ['Gold', 'Silver'] },
        { entity: 'deals', label: 'Source system id', type: 'text' },
      ],
      users: [{ display_name: 'Rita Rep', email: 'rita@example.com' }],
      pipelines: [{ name: 'Renewals', stages: [{ name: 'Due' }, { name: 'Renewed', kind: 'won', probability: 100 }] }],
      selectors: { territories: [{ name: 'EMEA' }] },
    },
  });
});
afterAll(() => sb.stop());

describe('the client reads the configuration side of the sandbox', () => {
  for (const edition of ['suite', 'classic'] as const) {
    it(`${edition}: a wrong key is FRESHSALES_AUTH, and the error never carries the key`, async () => {
      const wrongKey = 'not-the-right-key-123';
      const client = createFreshsalesClient({ baseUrl: edition === 'suite' ? sb.suiteBaseUrl : sb.classicBaseUrl, apiKey: wrongKey }, { fetch });
      const err = await expectFreshsalesError(client.owners(), 'FRESHSALES_AUTH');
      expect(err.status).toBe(401);
      expect(err.retryable).toBe(false);
      expect(JSON.stringify({ message: err.message, details: err.details })).not.toContain(wrongKey);
    });

    it(`${edition}: field settings of the four entities parse, with real API names and no custom fields unless seeded`, async () => {
      const client = sb[edition];
      for (const entity of ['contacts', 'sales_accounts', 'deals', 'sales_activities'] as const) {
        const fields = await client.fieldSettings(entity);
        expect(fields.length).toBeGreaterThan(8);
        expect(fields.filter((f) => f.default === false).map((f) => f.name)).toEqual(
          entity === 'contacts' ? ['cf_customer_tier'] : entity === 'deals' ? ['cf_source_system_id'] : [],
        );
      }
      const contacts = await client.fieldSettings('contacts');
      const tier = contacts.find((f) => f.name === 'cf_customer_tier')!;
      expect(tier).toMatchObject({ label: 'Customer tier', type: 'dropdown', default: false, base_model: 'Contact' });
      expect(tier.choices.map((c) => c.value)).toEqual(['Gold', 'Silver']);
      // Id-valued pick-lists carry their selector's items as choices.
      const owner = contacts.find((f) => f.name === 'owner_id')!;
      expect(owner.choices.map((c) => c.value)).toEqual([defaults.admin.displayName, 'Rita Rep']);
    });

    it(`${edition}: selectors agree with rules/scoping/freshsales-defaults.json`, async () => {
      const client = sb[edition];
      const owners = await client.owners();
      expect(owners.map((o) => o.email)).toEqual([defaults.admin.email, 'rita@example.com']);
      const pipelines = await client.pipelines();
      expect(pipelines.map((p) => p.name)).toEqual([defaults.pipeline.name, 'Renewals']);
      expect(pipelines[0]!.deal_stages.map((s) => [s.name, s.probability])).toEqual(defaults.pipeline.stages.map((s) => [s.name, s.probability]));
      const stages = await client.lifecycleStages();
      const statuses = await client.contactStatuses();
      expect(stages.map((s) => [s.name, s.type])).toEqual(defaults.lifecycleStages.map((s) => [s.name, s.type]));
      for (const [i, stage] of stages.entries()) {
        const own = statuses.filter((s) => s.lifecycle_stage_id === stage.id).map((s) => s.name);
        expect(own).toEqual(defaults.lifecycleStages[i]!.statuses);
        expect(stage.contact_status_ids).toEqual(statuses.filter((s) => s.lifecycle_stage_id === stage.id).map((s) => s.id));
      }
      const currencies = await client.selector<{ id: number; currency_code: string }>('currencies');
      expect(currencies.map((c) => c.currency_code)).toEqual(['USD']);
      expect((await client.selector<{ id: number; name: string }>('territories')).map((t) => t.name)).toEqual(['EMEA']);
      expect((await client.selector('sales_activity_types')).length).toBe(account.selectors.sales_activity_types.length);
      const subscription = (await client.fieldSettings('contacts')).find((f) => f.name === 'subscription_status')!;
      expect(subscription.choices.map((c) => c.value)).toEqual(defaults.subscriptionStatuses.map((s) => s.value));
      await expectFreshsalesError(client.selector('no_such_list'), 'FRESHSALES_NOT_FOUND');
    });
  }

  it('ids are 11-digit integers and the rate-limit headers are remembered', async () => {
    const owners = await sb.suite.owners();
    expect(String(owners[0]!.id)).toMatch(/^\d{11}$/);
    const rl = sb.suite.rateLimit();
    expect(rl?.limit).toBeGreaterThan(0);
    expect(rl?.remaining).toBeLessThan(rl!.limit!);
    expect(rl?.resetAt).toBeInstanceOf(Date);
  });

  it('accepts base URLs with or without /api and trailing slashes, and refuses unusable ones', async () => {
    for (const baseUrl of [`${sb.suiteBaseUrl}/`, `${sb.suiteBaseUrl}/api`, `${sb.suiteBaseUrl}/api/`, `${sb.classicBaseUrl}/api`]) {
      const client = createFreshsalesClient({ baseUrl, apiKey: API_KEY }, { fetch });
      expect(client.apiRoot).toMatch(/\/api$/);
      expect((await client.owners()).length).toBe(2);
    }
    expect(() => createFreshsalesClient({ baseUrl: 'acme.myfreshworks.com', apiKey: API_KEY }, { fetch })).toThrow(/not a URL/);
    expect(() => createFreshsalesClient({ baseUrl: 'ftp://acme.freshsales.io', apiKey: API_KEY }, { fetch })).toThrow(/https/);
    expect(() => createFreshsalesClient({ baseUrl: sb.suiteBaseUrl, apiKey: ' ' }, { fetch })).toThrow(/apiKey/);
  });

  it('leads and their field settings exist on Classic only', async () => {
    expect((await sb.raw('/api/settings/leads/fields')).status).toBe(200);
    expect((await sb.raw('/crm/sales/api/settings/leads/fields')).status).toBe(404);
    const created = await sb.raw('/api/leads', { method: 'POST', json: { lead: { first_name: 'Lou', email: 'lou@example.com', company: { name: 'Lou Co' } } } });
    expect(created.status).toBe(201);
    expect((await sb.raw('/crm/sales/api/leads', { method: 'POST', json: { lead: { first_name: 'Lou' } } })).status).toBe(404);
  });

  it('a surprising payload is FRESHSALES_BAD_RESPONSE naming the endpoint', async () => {
    const surprising: typeof fetch = async () => new Response(JSON.stringify({ fields: [{ name: 'x' }] }), { status: 200 });
    const client = createFreshsalesClient({ baseUrl: sb.suiteBaseUrl, apiKey: API_KEY }, { fetch: surprising });
    const err = await expectFreshsalesError(client.fieldSettings('contacts'), 'FRESHSALES_BAD_RESPONSE');
    expect(err.message).toContain('GET /crm/sales/api/settings/contacts/fields');
    expect(err.details.issues?.join(' ')).toMatch(/fields\.0\.id/);
  });

  it('a server that is gone is FRESHSALES_UNREACHABLE and retryable', async () => {
    const gone = await startFreshsalesSandbox({ apiKey: API_KEY });
    await gone.stop();
    const client = createFreshsalesClient({ baseUrl: gone.suiteBaseUrl, apiKey: API_KEY }, { fetch });
    const err = await expectFreshsalesError(client.owners(), 'FRESHSALES_UNREACHABLE');
    expect(err.status).toBe(0);
    expect(err.retryable).toBe(true);
  });

  it('every standard field the knowledge base names for Freshsales is in the sandbox field settings', () => {
    const freshsales = knowledgeBase.destination('freshsales')!;
    const entities: Record<string, string> = { contact: 'contacts', sales_account: 'sales_accounts', deal: 'deals', sales_activity: 'sales_activities', lead: 'leads' };
    const missing: string[] = [];
    for (const [object, entity] of Object.entries(entities)) {
      const known = new Set([
        ...(account.fields as Record<string, Array<{ name: string }>>)[entity]!.map((f) => f.name),
        ...((account.writeOnlyKeys as Record<string, string[]>)[entity] ?? []),
      ]);
      // A key inside a group field (a lead's company.name) is there when its group is.
      for (const f of freshsales.objects.find((o) => o.id === object)!.fields) if (f.id !== 'custom_field' && !known.has(f.id.split('.')[0]!)) missing.push(`${entity}.${f.id}`);
    }
    expect(missing).toEqual([]);
  });
});
