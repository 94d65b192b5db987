import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';
import { answerAll, createScope, discover, fixtureUpload, PLATFORMS, tokenFor, type MappingVersion } from '../helpers/scoping.ts';

let server: TestServer;
let sales: string;
beforeAll(async () => {
  server = await startTestServer();
  sales = await tokenFor(server, 'sales');
});
afterAll(() => server.stop());

describe.each(PLATFORMS)('a %s scope from discovery to sign-off', (platform) => {
  it('is answered, approved, signed off, and needs a new approval after an edit', async () => {
    const id = (await createScope(server, sales, platform)).id;
    expect((await discover(server, sales, id, fixtureUpload(platform))).status).toBe(201);
    const v1 = (await (await server.call(`/api/v1/scopes/${id}/mapping`, { token: sales })).json()) as MappingVersion;

    const saved = await server.call(`/api/v1/scopes/${id}/mapping`, jsonInit('PUT', { mapping: answerAll(v1.mapping, v1.openQuestions) }, sales));
    expect(saved.status).toBe(201);
    const v2 = (await saved.json()) as MappingVersion;
    expect(v2.openQuestions.filter((q) => q.blocking), 'every blocking question answered').toEqual([]);

    expect((await server.call(`/api/v1/scopes/${id}/approve`, jsonInit('POST', { version: v2.version, hash: v2.hash }, sales))).status).toBe(200);
    const link = await (await server.call(`/api/v1/scopes/${id}/signoff-links`, jsonInit('POST', {}, sales))).json();
    const signed = await server.call(`/api/v1/signoff/${link.token}`, jsonInit('POST', { name: 'Casey Customer', email: 'casey@customer.test', accept: true }));
    expect(await signed.json()).toMatchObject({ version: v2.version, hash: v2.hash, status: 'signed_off' });

    const edited = structuredClone(v2.mapping);
    edited.owners.fallbackOwnerEmail = 'someone.else@acme.test';
    const v3 = (await (await server.call(`/api/v1/scopes/${id}/mapping`, jsonInit('PUT', { mapping: edited }, sales))).json()) as MappingVersion;
    expect(v3).toMatchObject({ version: v2.version + 1, status: 'proposed' });
    const view = await (await server.call(`/api/v1/scopes/${id}`, { token: sales })).json();
    expect(view.status).toBe('proposed');
    expect(view.versions.map((v: { status: string }) => v.status)).toEqual(['proposed', 'superseded', 'superseded']);
    await expectEnvelope(await server.call(`/api/v1/scopes/${id}/signoff-links`, jsonInit('POST', {}, sales)), 409, 'CONFLICT');
  });
});
