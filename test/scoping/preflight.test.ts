import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFreshsalesSandbox, type RunningSandbox, type StartOptions } from '../../src/http/sandbox/freshsales/start.node.ts';
import { expectEnvelope, jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';
import { createScope, discover, fixtureUpload, tokenFor } from '../helpers/scoping.ts';

interface Item { area: string; subject: string; status: string; detail: string }
interface CustomField { object: string; entity: string | null; label: string; name: string; type: string; choices: string[] }

let server: TestServer;
let engineer: string;
let scopeId: string;
let toCreate: CustomField[];
let owners: string[];
const sandboxes: RunningSandbox[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const sales = await tokenFor(server, 'sales');
  engineer = await tokenFor(server, 'engineer');
  scopeId = (await createScope(server, sales, 'kartra')).id;
  await discover(server, sales, scopeId, fixtureUpload('kartra'));
  const view = await (await server.call(`/api/v1/scopes/${scopeId}`, { token: sales })).json();
  toCreate = view.setup.customFields;
  owners = view.setup.users.map((u: { email: string }) => u.email);
});
afterAll(async () => {
  await Promise.all(sandboxes.map((s) => s.stop()));
  await server.stop();
});

async function sandbox(seed?: StartOptions['seed']) {
  const s = await startFreshsalesSandbox({ apiKey: 'preflight-key-1', plan: 'pro', seed });
  sandboxes.push(s);
  return s;
}
const preflight = (baseUrl: string, apiKey = 'preflight-key-1') => server.call(`/api/v1/scopes/${scopeId}/preflight`, jsonInit('POST', { baseUrl, apiKey }, engineer));

describe('preflight against a live Freshsales account (the sandbox)', () => {
  it('on a fresh account, lists every custom field to create and every user to invite', async () => {
    const s = await sandbox();
    const res = await preflight(s.suiteBaseUrl);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('preflight-key-1');
    const report = JSON.parse(text) as { ready: boolean; missing: number; items: Item[] };
    expect(report.ready).toBe(false);
    const missing = report.items.filter((i) => i.status === 'missing');
    for (const f of toCreate.filter((x) => x.entity)) expect(missing.map((i) => i.subject)).toContain(`${f.object}.${f.name}`);
    for (const email of owners) expect(missing).toContainEqual(expect.objectContaining({ area: 'user', subject: email }));
  });

  it('once an admin has created them (Classic URL this time), reports them present, and names a field of the wrong type', async () => {
    const fields = toCreate
      .filter((f) => f.entity)
      .map((f) => ({ entity: f.entity!, label: f.label, type: (f.name === 'cf_coaching_tier' ? 'text' : f.type) as 'text', ...(f.choices.length && f.name !== 'cf_coaching_tier' ? { choices: f.choices } : {}) }));
    const s = await sandbox({ fields, users: owners.map((email) => ({ display_name: email.split('@')[0]!, email })) });
    const report = (await (await preflight(s.classicBaseUrl)).json()) as { items: Item[] };
    const bySubject = new Map(report.items.map((i) => [i.subject, i]));
    for (const f of toCreate.filter((x) => x.entity && x.name !== 'cf_coaching_tier')) expect(bySubject.get(`${f.object}.${f.name}`)?.status, f.name).toBe('ok');
    expect(bySubject.get('contact.cf_coaching_tier')).toMatchObject({ status: 'mismatch', detail: expect.stringMatching(/exists as text, the mapping needs dropdown/) });
    for (const email of owners) expect(bySubject.get(email)?.status).toBe('ok');
  });

  it('answers a refused key with 400 and an unreachable account with 502, never echoing the key', async () => {
    const s = await sandbox();
    const refused = await expectEnvelope(await preflight(s.suiteBaseUrl, 'wrong-key-123'), 400, 'BAD_REQUEST');
    expect(refused.message).toMatch(/Freshsales/);
    expect(JSON.stringify(refused)).not.toContain('wrong-key-123');
    const down = await expectEnvelope(await preflight('http://127.0.0.1:9/crm/sales'), 502, 'UPSTREAM_FAILED');
    expect(down.message).toMatch(/Freshsales/);
  });
});
