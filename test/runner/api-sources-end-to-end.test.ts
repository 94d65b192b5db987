import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKartraSandbox } from '../../src/http/sandbox/kartra/start.node.ts';
import { startRestSourceEmulator } from '../../src/http/sandbox/rest-source/start.node.ts';
import { exportDir, preparedSandbox, signedOffScope, startRunBody, runToEnd } from '../helpers/runs.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * The same signed-off scope runs from the customer's export files or from the source's API: the API rows carry the
 * export's columns, so per-object counts and the reconciliation come out the same.
 */
describe('runs that read the source through its API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  async function runBoth(platform: string, source: (dir: string) => Promise<{ config: Record<string, unknown>; stop: () => Promise<void> }>) {
    const out: Record<string, any> = {};
    for (const kind of ['exports', 'api'] as const) {
      const scope = await signedOffScope(server, platform);
      const sandbox = await preparedSandbox(scope.setup);
      const files = exportDir(platform);
      const api = kind === 'api' ? await source(files.dir) : null;
      try {
        const body = startRunBody(scope.scopeId, files.dir, sandbox, 'full', api ? { source: api.config } : {});
        const done = await runToEnd(server, scope.engineer, body);
        const id = done.id as string;
        expect(done.status, JSON.stringify(done)).toBe('completed');
        const rec = await (await server.call(`/api/v1/runs/${id}/reconciliation`, { token: scope.engineer })).json();
        expect(rec.mismatches).toEqual([]);
        // The stored run never holds the source's credentials in the clear.
        out[kind] = { objects: done.progress.objects, run: id };
      } finally {
        await api?.stop();
        await sandbox.stop();
        files.remove();
      }
    }
    const counts = (o: Record<string, any>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { rows: v.rows, created: v.created, quarantined: v.quarantined, merged: v.merged }]));
    expect(counts(out.api!.objects)).toEqual(counts(out.exports!.objects));
    return out;
  }

  it('Kartra: leads, transactions and subscriptions through the Inbound API, emails taken from the contacts export', async () => {
    await runBoth('kartra', async (dir) => {
      const kartra = await startKartraSandbox({ dir });
      return { config: { kind: 'kartra', baseUrl: kartra.apiUrl, ...kartra.credentials, exportsDir: dir }, stop: kartra.stop };
    });
  }, 120_000);

  it('Soffront: every table through the declared REST API, 500 rows a page', async () => {
    await runBoth('soffront', async (dir) => {
      const soffront = await startRestSourceEmulator({ platform: 'soffront', exportDir: dir });
      return { config: { kind: 'soffront-api', baseUrl: soffront.url, credentials: soffront.credentials }, stop: soffront.stop };
    });
  }, 120_000);

  it('FastTrack: through the declared REST API with the tenant throttle', async () => {
    await runBoth('fasttrack', async (dir) => {
      const fasttrack = await startRestSourceEmulator({ platform: 'fasttrack', exportDir: dir });
      return { config: { kind: 'fasttrack-api', baseUrl: fasttrack.url, credentials: fasttrack.credentials }, stop: fasttrack.stop };
    });
  }, 120_000);
});
