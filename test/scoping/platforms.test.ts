import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';
import { answerAll, createScope, discover, expectedFor, fixtureUpload, PLATFORMS, tokenFor, type Field, type MappingVersion } from '../helpers/scoping.ts';

let server: TestServer;
let sales: string;
beforeAll(async () => {
  server = await startTestServer();
  sales = await tokenFor(server, 'sales');
});
afterAll(() => server.stop());

describe.each(PLATFORMS)('a %s scope: discovery to sign-off', (platform) => {
  const expected = expectedFor(platform);
  let scopeId: string;
  let view: Record<string, any>;
  let mapping: { objects: { sourceObject: string; destinationObject: string; files: string[]; fields: Field[] }[] };

  beforeAll(async () => {
    scopeId = (await createScope(server, sales, platform)).id;
    const res = await discover(server, sales, scopeId, fixtureUpload(platform));
    view = await res.json();
    if (res.status !== 201) throw new Error(JSON.stringify(view));
    mapping = (await (await server.call(`/api/v1/scopes/${scopeId}/mapping`, { token: sales })).json()).mapping;
  });

  it('recognises which object every export file holds', () => {
    const got = Object.fromEntries(view.discovery.files.map((f: { name: string; object: string }) => [f.name, f.object]));
    const exports = Object.fromEntries(Object.entries(expected.files).filter(([name]) => name !== expected.workflows));
    expect(got).toEqual(exports);
    expect(view.status).toBe('proposed');
    expect(view.currentVersion).toBe(1);
  });

  it('profiles every column with a type, fill rate and samples', () => {
    for (const o of view.discovery.objects)
      for (const c of o.columns) {
        expect(c.profile.type, `${o.object}.${c.header}`).toMatch(/^[a-z_]+$/);
        expect(c.profile.fillRate).toBeGreaterThanOrEqual(0);
        expect(c.profile.fillRate).toBeLessThanOrEqual(1);
        if (c.profile.filled) expect(c.profile.samples.length).toBeGreaterThan(0);
      }
  });

  it('proposes the standard Freshsales field for each standard column, with high confidence', () => {
    const wrong: string[] = [];
    for (const e of expected.standardFields) {
      const line = mapping.objects
        .filter((o) => o.files.includes(e.file))
        .flatMap((o) => o.fields.filter((f) => f.column === e.header).map((f) => ({ o, f })))[0];
      const got = line && `${line.o.destinationObject}.${line.f.target.field ?? line.f.target.kind}`;
      if (got !== `${e.object}.${e.field}` || line.f.confidence < 0.75) wrong.push(`${e.file} "${e.header}": expected ${e.object}.${e.field}, got ${got} (${line?.f.confidence})`);
    }
    expect(wrong).toEqual([]);
  });

  it('maps every discovered column somewhere, explicitly', () => {
    for (const o of view.discovery.objects) {
      const rows = mapping.objects.filter((m) => m.sourceObject === o.object);
      if (!rows.length) continue;
      for (const c of o.columns) expect(rows.some((m) => m.fields.some((f) => f.column === c.header)), `${o.object}.${c.header}`).toBe(true);
    }
  });

  it('reads the workflow definitions', () => {
    expect(view.discovered.workflows).toEqual([{ file: expected.workflows, count: expect.any(Number) }]);
    expect(view.discovered.workflows[0].count).toBeGreaterThanOrEqual(4);
  });

  it('is answered, approved, signed off, and then needs a new approval after an edit', async () => {
    const id = scopeId;
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
