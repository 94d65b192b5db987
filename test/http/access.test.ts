import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';

const run = promisify(execFile);
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

const issue = async (role: string, email: string, token = s.adminToken) => {
  const res = await s.call('/api/v1/tokens', jsonInit('POST', { email, role, label: `${role} token` }, token));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; token: string; role: string; prefix: string };
};

describe('authentication', () => {
  it('answers 401 in the envelope without a token, with a malformed header, and with an unknown token', async () => {
    const missing = await expectEnvelope(await s.call('/api/v1/me'), 401, 'UNAUTHENTICATED');
    expect(missing.message).toMatch(/Authorization/);
    await expectEnvelope(await s.call('/api/v1/me', { headers: { Authorization: 'Token abc' } }), 401, 'UNAUTHENTICATED');
    await expectEnvelope(await s.call('/api/v1/me', { token: 'fry_' + 'x'.repeat(43) }), 401, 'UNAUTHENTICATED');
  });

  it('identifies the bootstrap admin', async () => {
    const res = await s.call('/api/v1/me', { token: s.adminToken });
    expect(res.status).toBe(200);
    const me = await res.json();
    expect(me).toMatchObject({ role: 'admin', user: { email: 'admin@ferry.local' }, organisation: { name: 'Default organisation' } });
  });
});

describe('tokens', () => {
  it('shows a new secret once and stores only a hash', async () => {
    const t = await issue('sales', 'Sam@Example.com');
    expect(t.token).toMatch(/^fry_[A-Za-z0-9_-]{43}$/);
    expect(t.token.startsWith(t.prefix)).toBe(true);
    const list = await (await s.call('/api/v1/tokens', { token: s.adminToken })).json();
    const listed = list.tokens.find((x: { id: string }) => x.id === t.id);
    expect(listed).toMatchObject({ role: 'sales', user: 'sam@example.com', revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(t.token);
    const me = await (await s.call('/api/v1/me', { token: t.token })).json();
    expect(me.role).toBe('sales');
  });

  it('refuses a role outside the list with 400 naming the field', async () => {
    const res = await s.call('/api/v1/tokens', jsonInit('POST', { email: 'a@b.co', role: 'owner', label: 'x' }, s.adminToken));
    const err = await expectEnvelope(res, 400, 'BAD_REQUEST');
    expect(err.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'role' })]));
  });

  it('forbids non-admin roles from managing tokens (403)', async () => {
    for (const role of ['sales', 'engineer']) {
      const t = await issue(role, `${role}@example.com`);
      const err = await expectEnvelope(await s.call('/api/v1/tokens', { token: t.token }), 403, 'FORBIDDEN');
      expect(err.message).toContain(role);
      await expectEnvelope(
        await s.call('/api/v1/tokens', jsonInit('POST', { email: 'z@example.com', role: 'admin', label: 'escalate' }, t.token)),
        403,
        'FORBIDDEN',
      );
    }
  });

  it('stops accepting a revoked token', async () => {
    const t = await issue('engineer', 'eve@example.com');
    expect((await s.call('/api/v1/me', { token: t.token })).status).toBe(200);
    const revoked = await s.call(`/api/v1/tokens/${t.id}`, { method: 'DELETE', token: s.adminToken });
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).revokedAt).not.toBeNull();
    await expectEnvelope(await s.call('/api/v1/me', { token: t.token }), 401, 'UNAUTHENTICATED');
  });
});

describe('organisations are isolated', () => {
  it("answers 404 for another organisation's records", async () => {
    const { stdout } = await run(
      process.execPath,
      ['bin/ferry.mjs', 'org', 'create', '--name', 'Other Co', '--admin-email', 'boss@other.example', '--json'],
      { env: { ...process.env, DATABASE_URL: s.dbUrl } },
    );
    const other = JSON.parse(stdout) as { token: string; organisationId: string };
    const mine = await issue('sales', 'mine@example.com');

    // Same id, two organisations: the owner sees it, the other one gets 404 (not 403, which would confirm it exists).
    expect((await s.call(`/api/v1/tokens/${mine.id}`, { token: s.adminToken })).status).toBe(200);
    await expectEnvelope(await s.call(`/api/v1/tokens/${mine.id}`, { token: other.token }), 404, 'NOT_FOUND');
    await expectEnvelope(await s.call(`/api/v1/tokens/${mine.id}`, { method: 'DELETE', token: other.token }), 404, 'NOT_FOUND');
    const theirs = await (await s.call('/api/v1/tokens', { token: other.token })).json();
    expect(theirs.tokens.map((t: { user: string }) => t.user)).toEqual(['boss@other.example']);
    // The refused revocation changed nothing.
    expect((await s.call('/api/v1/me', { token: mine.token })).status).toBe(200);
  });

  it('the CLI names a bad argument', async () => {
    const err = await run(process.execPath, ['bin/ferry.mjs', 'org', 'create', '--name', 'X', '--admin-email', 'nope'], {
      env: { ...process.env, DATABASE_URL: s.dbUrl },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toContain('--admin-email');
  });
});
