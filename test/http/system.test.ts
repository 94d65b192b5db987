import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ MAX_BODY_BYTES: '2048' });
});
afterAll(() => s.stop());

describe('system routes', () => {
  it('reports health with the version and the database', async () => {
    const res = await s.call('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), db: 'ok' });
  });

  it('publishes an OpenAPI 3 document naming every operation', async () => {
    const doc = await (await s.call('/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/health', '/api/v1/platforms', '/api/v1/pairs/{source}/{destination}', '/api/v1/tokens', '/api/v1/tokens/{id}', '/api/v1/me']),
    );
    expect(doc.paths['/api/v1/tokens'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it('serves the interactive docs page', async () => {
    const res = await s.call('/docs');
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg)/);
  });
});

describe('error envelope', () => {
  it('answers unknown routes with 404', async () => {
    const err = await expectEnvelope(await s.call('/nope'), 404, 'NOT_FOUND');
    expect(err.message).toContain('/nope');
  });

  it('answers malformed JSON with 400', async () => {
    const res = await s.call('/api/v1/tokens', jsonInit('POST', '{"email": ', s.adminToken));
    const err = await expectEnvelope(res, 400, 'BAD_REQUEST');
    expect(err.message).toMatch(/JSON/i);
  });

  it('answers a body over the limit with 413, before authentication', async () => {
    const res = await s.call('/api/v1/tokens', jsonInit('POST', { label: 'x'.repeat(5000) }));
    const err = await expectEnvelope(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(err.message).toContain('2048');
  });

  it('echoes a caller-supplied request id and logs one line per request without secrets', async () => {
    const res = await s.call('/api/v1/me', { token: s.adminToken, headers: { 'X-Request-Id': 'trace-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
    const line = s.logs.find((l) => l.requestId === 'trace-123');
    expect(line).toMatchObject({ msg: 'request', method: 'GET', path: '/api/v1/me', status: 200, role: 'admin' });
    expect(JSON.stringify(s.logs)).not.toContain(s.adminToken);
  });
});
