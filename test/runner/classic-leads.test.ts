import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { editionMismatch, editionOfUrl } from '../../src/scoping/editions.ts';
import type { TestSandbox } from '../sandbox/helpers.ts';
import { collect, openSession, recordingFetch, startDestinationSandbox } from './destinations/helpers.ts';
import { generatedExports, type GeneratedExports } from '../helpers/generated.ts';
import { preparedSandbox, waitForRun, rolledBack, runToEnd } from '../helpers/runs.ts';
import { answerAll, discover, tokenFor, type Mapping, type MappingVersion } from '../helpers/scoping.ts';
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';

// A FastTrack scope for a Freshsales Classic account: unconverted persons (leads.csv) are proposed as Classic leads
// and a full run writes them through /api/leads (not as contacts at the Lead stage, as on Suite), reconciles them,
// updates them in place on a delta, and rollback removes them. The scope keeps the people rows only (companies,
// contacts, persons), so the run stays small; a run against a Suite URL is refused before anything is queued.

type Rec = Record<string, any> & { id: number };
const KEEP = new Set(['company', 'contact', 'person']);

let server: TestServer;
let exports: GeneratedExports;
beforeAll(async () => {
  server = await startTestServer();
  exports = generatedExports('fasttrack', { scale: 40, seed: 6 });
});
afterAll(async () => {
  await server?.stop();
  exports?.remove();
});

function narrowed(m: Mapping): Mapping {
  type ValueMap = Mapping['valueMaps'][number] & { row: string };
  const next = structuredClone(m) as Omit<Mapping, 'valueMaps'> & { valueMaps: ValueMap[] };
  next.objects = next.objects.filter((o) => KEEP.has(o.row));
  next.relationships = next.relationships.filter((r) => KEEP.has(r.from.row) && KEEP.has(r.to.row));
  next.valueMaps = next.valueMaps.filter((v) => KEEP.has(v.row));
  return next as Mapping;
}

/** A FastTrack scope for Freshsales Classic through discovery, answers, approval and the customer's sign-off. */
async function signedOffClassic() {
  const sales = await tokenFor(server, 'sales', 'sales-classic@acme.test');
  const engineer = await tokenFor(server, 'engineer', 'engineer-classic@acme.test');
  const created = await server.call(
    '/api/v1/scopes',
    jsonInit('POST', { name: 'Classic leads', edition: 'classic', estimate: { source: 'fasttrack', destination: 'freshsales', plan: 'pro', records: {} } }, sales),
  );
  expect(created.status, await created.clone().text()).toBe(201);
  const scope = await created.json();
  const res = await discover(server, sales, scope.id, exports.upload());
  expect(res.status, await res.clone().text()).toBe(201);
  const v1 = (await (await server.call(`/api/v1/scopes/${scope.id}/mapping`, { token: sales })).json()) as MappingVersion;
  const put = await server.call(`/api/v1/scopes/${scope.id}/mapping`, jsonInit('PUT', { mapping: narrowed(answerAll(v1.mapping, v1.openQuestions)) }, sales));
  expect(put.status, await put.clone().text()).toBe(201);
  const v2 = (await put.json()) as MappingVersion;
  const approved = await server.call(`/api/v1/scopes/${scope.id}/approve`, jsonInit('POST', { version: v2.version, hash: v2.hash }, sales));
  expect(approved.status, await approved.clone().text()).toBe(200);
  const link = await (await server.call(`/api/v1/scopes/${scope.id}/signoff-links`, jsonInit('POST', {}, sales))).json();
  await server.call(`/api/v1/signoff/${link.token}`, jsonInit('POST', { name: 'Casey Customer', email: 'casey@customer.test', accept: true }));
  const view = await (await server.call(`/api/v1/scopes/${scope.id}`, { token: sales })).json();
  return { scopeId: scope.id as string, created: scope, engineer, proposed: v1.mapping, setup: view.setup };
}

async function live(sandbox: RunningSandbox): Promise<Record<string, Rec[]>> {
  const state = await (await fetch(`${sandbox.url}/_sandbox/state`)).json();
  const out: Record<string, Rec[]> = {};
  for (const [entity, byId] of Object.entries((state.records ?? {}) as Record<string, Record<string, Rec>>)) out[entity] = Object.values(byId).filter((r) => !r.is_deleted);
  return out;
}

/** The rows of the export's leads.csv (unconverted persons). */
function personsOfExport(dir = exports.dir) {
  const rows = parse(readFileSync(join(dir, 'leads.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
  return rows;
}

const runBody = (scopeId: string, dir: string, baseUrl: string, apiKey: string, mode: string) => ({
  scopeId,
  mode,
  source: { kind: 'exports', dir },
  destination: { kind: 'freshsales', baseUrl, apiKey, plan: 'pro' },
});

describe('Freshsales editions from the account URL', () => {
  it('tells Suite from Classic by host, else by path, and names both when they differ', () => {
    expect(editionOfUrl('https://acme.myfreshworks.com/crm/sales')).toBe('suite');
    expect(editionOfUrl('https://acme.freshsales.io')).toBe('classic');
    expect(editionOfUrl('https://acme.freshsales.io/api/')).toBe('classic');
    expect(editionOfUrl('http://127.0.0.1:9000/crm/sales/api')).toBe('suite');
    expect(editionOfUrl('http://127.0.0.1:9000')).toBe('classic');
    expect(editionOfUrl('http://127.0.0.1:9000/somewhere')).toBeNull();
    expect(editionMismatch('suite', 'https://acme.myfreshworks.com/crm/sales')).toBeNull();
    expect(editionMismatch('suite', 'https://acme.freshsales.io')).toMatch(/targets Freshsales Suite, but https:\/\/acme\.freshsales\.io is a Freshsales Classic account/);
    expect(editionMismatch('classic', 'https://acme.myfreshworks.com/crm/sales')).toMatch(/targets Freshsales Classic, but .* is a Freshsales Suite account/);
  });
});

describe('the Freshsales destination writing Classic leads', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startDestinationSandbox({ seed: { fields: [{ entity: 'leads', label: 'Ferry source id', type: 'text' }] } });
  });
  afterAll(() => sb?.stop());
  const lead = (n: string) => ({ sourceKey: n, identifier: { email: `${n}@prospect.example` }, data: { first_name: n, email: `${n}@prospect.example`, company: { name: `${n} Pty` }, custom_field: { cf_ferry_source_id: `person:${n}` } } });

  it('describes leads on Classic only when a run writes them, with their stages', async () => {
    const calls: string[] = [];
    const classic = await openSession(sb, { edition: 'classic', fetch: recordingFetch(calls) }).describe(['leads']);
    expect(classic.fields.leads.find((f) => f.name === 'company')).toMatchObject({ type: 'group_field' });
    expect(classic.selectors.lead_stages?.map((c) => c.value)).toEqual(['New', 'Contacted', 'Interested', 'Qualified', 'Unqualified']);
    const suiteCalls: string[] = [];
    const suite = await openSession(sb, { fetch: recordingFetch(suiteCalls) }).describe(['leads']);
    expect(suite.fields.leads).toEqual([]);
    expect(suiteCalls.filter((c) => c.includes('lead'))).toEqual(['GET /crm/sales/api/selector/lead_sources']);
    expect(calls.length).toBe(suiteCalls.length + 2);
  });

  it('creates one lead a call; a retried batch finds what the first attempt made instead of creating it again', async () => {
    const session = openSession(sb, { edition: 'classic' });
    const first = await session.write({ key: 'b1', entity: 'leads', records: [lead('ann'), lead('bo')] });
    expect(first.map((o) => o.status)).toEqual(['written', 'written']);
    const again = await session.write({ key: 'b1', entity: 'leads', records: [lead('ann'), lead('bo'), lead('cy')], retried: true });
    expect(again.slice(0, 2)).toEqual(first);
    const { records } = await collect(session.snapshot('leads'));
    expect(records.map((r) => r.email).sort()).toEqual(['ann@prospect.example', 'bo@prospect.example', 'cy@prospect.example']);
    // A lead the account already holds is updated by its id.
    const id = (first[0] as { destinationId: string }).destinationId;
    await session.write({ key: 'b2', entity: 'leads', records: [{ ...lead('ann'), data: { ...lead('ann').data, last_name: 'Lee' }, update: id }] });
    expect((await session.fetch('leads', [id])).get(id)).toMatchObject({ first_name: 'ann', last_name: 'Lee', company: { name: 'ann Pty' } });
    expect(await session.remove('leads', id)).toBe('deleted');
    expect((await session.fetch('leads', [id])).get(id)).toBeNull();
    expect(await session.remove('leads', id)).toBe('gone');
  });
});

describe('FastTrack persons into Freshsales Classic leads', () => {
  let scope: Awaited<ReturnType<typeof signedOffClassic>>;
  let sandbox: RunningSandbox;
  let runId: string;
  let before: Record<string, Rec[]>;
  beforeAll(async () => {
    scope = await signedOffClassic();
    sandbox = await preparedSandbox(scope.setup);
    before = await live(sandbox);
  }, 90_000);
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('the scope says Classic, and discovery proposes persons as leads with lead fields and no lifecycle stage', () => {
    expect(scope.created.edition).toBe('classic');
    const person = scope.proposed.objects.find((o) => o.row === 'person') as Mapping['objects'][number] & { fixed?: unknown[] };
    expect(person.destinationObject).toBe('lead');
    expect(person.fixed ?? []).toEqual([]);
    const targets = Object.fromEntries(person.fields.map((f) => [f.column, f.target.field ?? f.target.name ?? f.target.kind]));
    expect(targets).toMatchObject({ 'First Name': 'first_name', 'Last Name': 'last_name', Email: 'email', Company: 'company.name', 'Lead Status': 'lead_stage_id', Source: 'lead_source_id', Owner: 'owner_id' });
    // Contacts stay contacts.
    expect(scope.proposed.objects.find((o) => o.row === 'contact')!.destinationObject).toBe('contact');
    const stages = scope.proposed.valueMaps.find((v) => v.id === 'person.Lead Status')!;
    expect(stages.choices).toEqual(['New', 'Contacted', 'Interested', 'Qualified', 'Unqualified']);
    expect(Object.fromEntries(stages.entries.map((e) => [e.source, e.target]))).toMatchObject({ New: 'New', Contacted: 'Contacted', Disqualified: 'Unqualified' });
    // The checklist names the lead custom fields (provenance included) on the leads settings, and no Lead lifecycle stage.
    const leadFields = scope.setup.customFields.filter((f: any) => f.object === 'lead');
    expect(leadFields.map((f: any) => f.name)).toEqual(expect.arrayContaining(['cf_ferry_source_id', 'cf_ferry_source_created_at']));
    expect(leadFields.every((f: any) => f.entity === 'leads')).toBe(true);
    expect(scope.setup.choices.find((c: any) => c.field === 'lead.lead_stage_id')?.values).toEqual(expect.arrayContaining(['New', 'Contacted', 'Unqualified']));
  });

  it('preflight checks the lead settings on the Classic account, and says a Suite URL is the wrong edition', async () => {
    type Item = { area: string; subject: string; status: string; detail: string };
    const check = async (baseUrl: string) => {
      const res = await server.call(`/api/v1/scopes/${scope.scopeId}/preflight`, jsonInit('POST', { baseUrl, apiKey: sandbox.apiKey }, scope.engineer));
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as { ready: boolean; items: Item[] };
    };
    const classic = await check(sandbox.classicBaseUrl);
    expect(classic.items.find((i) => i.area === 'edition')).toMatchObject({ subject: 'Freshsales Classic', status: 'ok' });
    expect(classic.items.find((i) => i.subject === 'lead.cf_ferry_source_id')).toMatchObject({ status: 'ok' });
    expect(classic.items.filter((i) => i.subject.startsWith('lead.') && i.status !== 'ok')).toEqual([]);
    const suite = await check(sandbox.suiteBaseUrl);
    expect(suite.ready).toBe(false);
    expect(suite.items.find((i) => i.area === 'edition')).toMatchObject({ status: 'mismatch', detail: expect.stringMatching(/targets Freshsales Classic, but .* is a Freshsales Suite account/) });
  });

  it('refuses a run against a Suite URL, naming both editions, before anything is queued', async () => {
    const res = await server.call('/api/v1/runs', jsonInit('POST', runBody(scope.scopeId, exports.dir, sandbox.suiteBaseUrl, sandbox.apiKey, 'full'), scope.engineer));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.message).toMatch(/targets Freshsales Classic, but .*\/crm\/sales is a Freshsales Suite account/);
  });

  it('a full run writes leads.csv as Classic leads, not contacts, and reconciles green', async () => {
    const res = await server.call('/api/v1/runs', jsonInit('POST', runBody(scope.scopeId, exports.dir, sandbox.classicBaseUrl, sandbox.apiKey, 'full'), scope.engineer));
    expect(res.status, await res.clone().text()).toBe(201);
    runId = (await res.json()).id;
    const done = await waitForRun(server, scope.engineer, runId);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');

    const rec = await (await server.call(`/api/v1/runs/${runId}/reconciliation`, { token: scope.engineer })).json();
    expect(rec.mismatches).toEqual([]);
    expect(rec.ok, JSON.stringify(rec.objects)).toBe(true);
    const person = rec.objects.find((o: any) => o.object === 'person');
    const persons = personsOfExport();
    expect(person).toMatchObject({ entity: 'leads', sourceRows: persons.length, updated: 0, ok: true });
    expect(person.created + person.merged + person.quarantined).toBe(persons.length);
    expect(person.created).toBeGreaterThan(0);

    const after = await live(sandbox);
    const leads = after.leads ?? [];
    expect(leads).toHaveLength(person.created);
    const emails = new Set(persons.map((p) => p.Email.trim().toLowerCase()).filter(Boolean));
    for (const lead of leads) {
      expect(emails.has(String(lead.email).toLowerCase()), lead.email).toBe(true);
      expect(lead.custom_field.cf_ferry_source_id).toMatch(/^person:/);
      expect(lead.lead_stage_id).toEqual(expect.any(Number));
    }
    // The free-text company travels as the lead's own company name, for Freshsales' conversion to make the account.
    const withCompany = persons.find((p) => p.Company && leads.some((l) => l.email === p.Email.trim().toLowerCase()))!;
    expect(leads.find((l) => l.email === withCompany.Email.trim().toLowerCase())!.company).toEqual({ name: withCompany.Company });
    // No person became a contact.
    expect((after.contacts ?? []).filter((c) => emails.has(String(c.email).toLowerCase()))).toEqual([]);

    const view = await (await server.call(`/api/v1/runs/${runId}`, { token: scope.engineer })).json();
    expect(view.summary.pairCard.find((r: any) => r.row === 'person')).toMatchObject({ outcome: 'migrated', written: person.created });
    const leadCalls = view.summary.calls.predicted.lines.filter((l: any) => l.object === 'person → lead');
    expect(leadCalls).toEqual([expect.objectContaining({ per: 'record', calls: persons.length })]);
    expect(view.summary.calls.withinTolerance, view.summary.calls.note).toBe(true);
  }, 90_000);

  it('a delta updates the changed lead in place: no upsert, so it is found by its identifier and written by id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-classic-delta-'));
    try {
      cpSync(exports.dir, dir, { recursive: true });
      const leads = (await live(sandbox)).leads!;
      const persons = personsOfExport(dir);
      const target = persons.find((p) => leads.some((l) => l.email === p.Email.trim().toLowerCase()))!;
      const file = join(dir, 'leads.csv');
      writeFileSync(file, readFileSync(file, 'utf8').replace(`,${target['Last Name']},${target.Email},`, `,${target['Last Name']}-Renamed,${target.Email},`));
      const done = await runToEnd(server, scope.engineer, runBody(scope.scopeId, dir, sandbox.classicBaseUrl, sandbox.apiKey, 'delta'));
      const deltaId = done.id as string;
      expect(done.status, JSON.stringify(done.error)).toBe('completed');
      const rec = await (await server.call(`/api/v1/runs/${deltaId}/reconciliation`, { token: scope.engineer })).json();
      expect(rec.objects.find((o: any) => o.object === 'person')).toMatchObject({ created: 0, updated: 1, ok: true });
      const now = (await live(sandbox)).leads!;
      expect(now).toHaveLength(leads.length);
      expect(now.find((l) => l.email === target.Email.trim().toLowerCase())!.last_name).toBe(`${target['Last Name']}-Renamed`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('rollback removes the leads it created, from the recycle bin too', async () => {
    expect((await rolledBack(server, scope.engineer, runId)).problems).toEqual([]);
    const after = await live(sandbox);
    expect(after.leads ?? []).toEqual(before.leads ?? []);
    expect((after.contacts ?? []).map((c) => c.id)).toEqual((before.contacts ?? []).map((c) => c.id));
    const state = await (await fetch(`${sandbox.url}/_sandbox/state`)).json();
    expect(Object.keys(state.records.leads ?? {})).toEqual([]);
  }, 90_000);
});
