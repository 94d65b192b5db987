import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';
import { answerAll, createScope, discover, fixtureUpload, tokenFor, type Mapping, type MappingVersion, type Question } from '../helpers/scoping.ts';

let server: TestServer;
let sales: string;
let engineer: string;
const getMapping = async (id: string, version?: number): Promise<MappingVersion> =>
  (await server.call(`/api/v1/scopes/${id}/mapping${version ? `?version=${version}` : ''}`, { token: sales })).json();
const putMapping = (id: string, mapping: Mapping, token = sales) => server.call(`/api/v1/scopes/${id}/mapping`, jsonInit('PUT', { mapping, note: 'test edit' }, token));

beforeAll(async () => {
  server = await startTestServer();
  sales = await tokenFor(server, 'sales');
  engineer = await tokenFor(server, 'engineer');
});
afterAll(() => server.stop());

describe('scope lifecycle: edit, approve, sign off, edit again', () => {
  let id: string;
  let v1: MappingVersion;
  let signedLink: string;

  beforeAll(async () => {
    id = (await createScope(server, sales, 'kartra')).id;
    expect((await discover(server, sales, id, fixtureUpload('kartra'))).status).toBe(201);
    v1 = await getMapping(id);
  });

  it('starts proposed, with blocking questions that keep it from approval', async () => {
    expect(v1.status).toBe('proposed');
    expect(v1.openQuestions.some((q) => q.id === 'owner:fallback' && q.blocking)).toBe(true);
    const res = await server.call(`/api/v1/scopes/${id}/approve`, jsonInit('POST', { version: v1.version, hash: v1.hash }, sales));
    const error = await expectEnvelope(res, 409, 'CONFLICT');
    expect(error.message).toMatch(/open question/);
    expect((error.details as Question[]).map((q) => q.id)).toContain('owner:fallback');
  });

  it('lets engineers read but not edit', async () => {
    expect((await server.call(`/api/v1/scopes/${id}`, { token: engineer })).status).toBe(200);
    await expectEnvelope(await putMapping(id, v1.mapping, engineer), 403, 'FORBIDDEN');
    await expectEnvelope(await server.call(`/api/v1/scopes/${id}/approve`, jsonInit('POST', { version: 1 }, engineer)), 403, 'FORBIDDEN');
  });

  it('refuses a target Freshsales lacks, or one that cannot hold the type, naming the field', async () => {
    const bad = structuredClone(v1.mapping);
    const contact = bad.objects.findIndex((o) => o.row === 'contact');
    const email = bad.objects[contact]!.fields.findIndex((f) => f.column === 'Email');
    bad.objects[contact]!.fields[email]!.target = { kind: 'standard', field: 'favourite_colour' };
    let error = await expectEnvelope(await putMapping(id, bad), 400, 'BAD_REQUEST');
    expect(error.details).toContainEqual({ path: `objects.${contact}.fields.${email}.target.field`, message: expect.stringMatching(/no writable standard field "favourite_colour"/) });

    const typed = structuredClone(v1.mapping);
    const tx = typed.objects.findIndex((o) => o.row === 'transaction');
    const type = typed.objects[tx]!.fields.findIndex((f) => f.column === 'Buyer Email');
    typed.objects[tx]!.fields[type]!.target = { kind: 'standard', field: 'amount' };
    error = await expectEnvelope(await putMapping(id, typed), 400, 'BAD_REQUEST');
    expect(error.details).toContainEqual({ path: `objects.${tx}.fields.${type}.target.field`, message: expect.stringMatching(/email values, which Deal .* \(number\) cannot hold/) });

    const dropped = structuredClone(v1.mapping);
    dropped.objects[contact]!.fields.splice(email, 1);
    error = await expectEnvelope(await putMapping(id, dropped), 400, 'BAD_REQUEST');
    expect(JSON.stringify(error.details)).toMatch(/column \\"Email\\" of contact .* is missing; map it or set its target to ignore/);
    expect((await getMapping(id)).version).toBe(1);
  });

  it('saves each edit as a new version, approves it with its hash, and shows the diff', async () => {
    const answered = answerAll(v1.mapping, v1.openQuestions);
    const res = await putMapping(id, answered);
    expect(res.status).toBe(201);
    const v2 = (await res.json()) as MappingVersion;
    expect(v2.version).toBe(2);
    expect(v2.openQuestions.filter((q) => q.blocking)).toEqual([]);
    expect((await getMapping(id, 1)).status).toBe('superseded');

    const diff = await (await server.call(`/api/v1/scopes/${id}/mapping/diff?from=1&to=2`, { token: engineer })).json();
    expect(diff.changes).toContainEqual({ area: 'fallback_owner', change: 'changed', subject: 'fallback owner', before: null, after: 'ops@acme.test' });

    await expectEnvelope(await server.call(`/api/v1/scopes/${id}/approve`, jsonInit('POST', { version: 2, hash: 'sha256:stale' }, sales)), 409, 'CONFLICT');
    const ok = await server.call(`/api/v1/scopes/${id}/approve`, jsonInit('POST', { version: 2, hash: v2.hash }, sales));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ version: 2, hash: v2.hash, status: 'approved' });
    const view = await (await server.call(`/api/v1/scopes/${id}`, { token: sales })).json();
    expect(view.status).toBe('approved');
    expect(view.versions[0]).toMatchObject({ version: 2, status: 'approved', approvedBy: expect.any(String), approvedAt: expect.any(String) });
  });

  it('sends a signed link the customer reads and signs; a second signature or a forged link is refused', async () => {
    const link = await (await server.call(`/api/v1/scopes/${id}/signoff-links`, jsonInit('POST', {}, sales))).json();
    expect(link.url).toBe(`${server.url}/signoff/${link.token}`);
    const token = link.token as string;
    signedLink = token;

    const summary = await (await server.call(`/api/v1/signoff/${token}`)).json();
    expect(summary).toMatchObject({ scope: { name: 'Acme kartra', source: 'Kartra', destination: 'Freshsales' }, version: 2, status: 'approved' });

    const page = await server.call(`/signoff/${token}`, { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Acme kartra');
    expect(html).toContain('Sign off version 2');

    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await expectEnvelope(await server.call(`/api/v1/signoff/${forged}`), 404, 'NOT_FOUND');
    const forgedPage = await server.call(`/signoff/${forged}`, { headers: { Accept: 'text/html' } });
    expect(forgedPage.status).toBe(404);
    expect(await forgedPage.text()).toContain('This link cannot be used');

    await expectEnvelope(await server.call(`/api/v1/signoff/${token}`, jsonInit('POST', { name: 'Dana Customer', email: 'dana@customer.test' })), 400, 'BAD_REQUEST');
    const form = new URLSearchParams({ name: 'Dana Customer', email: 'dana@customer.test', title: 'COO', accept: 'true' });
    const signed = await server.call(`/signoff/${token}`, { method: 'POST', body: form, headers: { Accept: 'text/html' } });
    expect(signed.status).toBe(200);
    expect(await signed.text()).toContain('Version 2 was signed off');
    await expectEnvelope(await server.call(`/api/v1/signoff/${token}`, jsonInit('POST', { name: 'Dana', email: 'dana@customer.test', accept: true })), 409, 'CONFLICT');

    const view = await (await server.call(`/api/v1/scopes/${id}`, { token: sales })).json();
    expect(view.status).toBe('signed_off');
    expect(view.versions[0]).toMatchObject({ version: 2, status: 'signed_off', signedOffBy: 'dana@customer.test' });
  });

  it('turns an edit after sign-off into a new version that needs its own approval, and kills the old link', async () => {
    await expectEnvelope(await server.call(`/api/v1/scopes/${id}/signoff-links`, jsonInit('POST', {}, sales)), 409, 'CONFLICT');
    const current = await getMapping(id);
    const edited = structuredClone(current.mapping);
    edited.owners.fallbackOwnerEmail = 'owner@acme.test';
    const res = await putMapping(id, edited);
    expect(res.status).toBe(201);
    const v3 = (await res.json()) as MappingVersion;
    expect(v3).toMatchObject({ version: 3, status: 'proposed' });
    expect((await getMapping(id, 2)).status).toBe('superseded');
    await expectEnvelope(await server.call(`/api/v1/signoff/${signedLink}`), 410, 'GONE');
    await expectEnvelope(await server.call(`/api/v1/scopes/${id}/signoff-links`, jsonInit('POST', {}, sales)), 409, 'CONFLICT');
    expect((await server.call(`/api/v1/scopes/${id}/approve`, jsonInit('POST', { version: 3, hash: v3.hash }, sales))).status).toBe(200);
  });

  it('lets a link expire', async () => {
    const link = await (await server.call(`/api/v1/scopes/${id}/signoff-links`, jsonInit('POST', { expiresInDays: 1 / 86_400 / 10 }, sales))).json();
    await new Promise((r) => setTimeout(r, 150));
    const error = await expectEnvelope(await server.call(`/api/v1/signoff/${link.token}`), 410, 'GONE');
    expect(error.message).toMatch(/expired/);
  });
});

describe('mapping memory', () => {
  it('raises the confidence of a mapping an engineer confirmed, in the next scope of the same pair, and says why', async () => {
    const first = (await createScope(server, sales, 'soffront', 'pro', 'First soffront')).id;
    await discover(server, sales, first, fixtureUpload('soffront'));
    const before = await getMapping(first);
    const pick = before.mapping.objects.flatMap((o) => o.fields.map((f) => ({ o, f }))).find(({ f }) => f.target.kind === 'custom')!;
    expect(pick).toBeDefined();
    const confirmed = structuredClone(before.mapping);
    confirmed.objects.find((o) => o.row === pick.o.row)!.fields.find((f) => f.column === pick.f.column)!.confirmed = true;
    expect((await putMapping(first, confirmed)).status).toBe(201);

    const second = (await createScope(server, sales, 'soffront', 'pro', 'Second soffront')).id;
    await discover(server, sales, second, fixtureUpload('soffront'));
    const after = (await getMapping(second)).mapping.objects.find((o) => o.row === pick.o.row)!.fields.find((f) => f.column === pick.f.column)!;
    expect(after.target).toEqual(pick.f.target);
    expect(after.confidence).toBeGreaterThan(pick.f.confidence);
    expect(after.reasons.join(' ')).toMatch(/confirmed this mapping in 1 earlier Soffront CRM → Freshsales scope$/);
  });
});
