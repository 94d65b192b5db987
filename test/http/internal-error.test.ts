import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { createApp } from '../../src/http/app.ts';
import { parseConfig } from '../../src/http/config.ts';
import { loadReportFonts } from '../../src/http/entry/report-fonts.node.ts';
import { createLogger } from '../../src/http/logger.ts';
import { buildServices } from '../../src/http/services.ts';

describe('unexpected failures', () => {
  it('answer 500 with a request id and no internals, and log the detail server-side', async () => {
    const client = createClient({ url: ':memory:' });
    client.close(); // every query now throws from inside the driver
    const logs: string[] = [];
    const app = createApp(
      buildServices(parseConfig({ MAX_BODY_BYTES: '1024' }), {
        db: createDb(client),
        log: createLogger('info', (l) => logs.push(l)),
        reportFonts: loadReportFonts(),
        fetch: globalThis.fetch,
        clientIp: () => '127.0.0.1',
        sources: {},
        sleep: async () => undefined,
        background: false,
      }),
    );

    const res = await app.request('/api/v1/me', { headers: { Authorization: 'Bearer fry_' + 'a'.repeat(43) } });
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: 'INTERNAL', requestId: expect.any(String) });
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/closed|stack|at \w+ \(|libsql/i);
    expect(logs.some((l) => l.includes('unhandled error') && l.includes(body.error.requestId))).toBe(true);

    const health = await app.request('/health');
    expect(health.status).toBe(503);
    expect((await health.json()).error.code).toBe('UNAVAILABLE');
  });
});
