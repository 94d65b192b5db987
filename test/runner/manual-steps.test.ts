import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { exportDir, preparedSandbox, signedOffScope, startRunBody, waitForRun } from '../helpers/runs.ts';
import { expectEnvelope, jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';

/** Promio hands its exports over only on request: the run tracks asking for them and checking the delivery. */
describe('a Promio run waits for the steps people take outside Ferry', () => {
  let server: TestServer;
  let sandbox: RunningSandbox;
  let files: ReturnType<typeof exportDir>;
  let scope: Awaited<ReturnType<typeof signedOffScope>>;
  beforeAll(async () => {
    server = await startTestServer();
    scope = await signedOffScope(server, 'promio');
    sandbox = await preparedSandbox(scope.setup);
    files = exportDir('promio');
  });
  afterAll(async () => {
    await sandbox.stop();
    files.remove();
    await server.stop();
  });

  it('pauses before reading, lists the open steps, and carries on once both are marked done', async () => {
    const step = (id: string, stepId: string, body: unknown) => server.call(`/api/v1/runs/${id}/steps/${stepId}`, jsonInit('POST', body, scope.engineer));
    const started = await (await server.call('/api/v1/runs', jsonInit('POST', startRunBody(scope.scopeId, files.dir, sandbox, 'full'), scope.engineer))).json();
    const waiting = await waitForRun(server, scope.engineer, started.id);
    expect(waiting).toMatchObject({ status: 'paused', pauseReason: 'manual_step' });
    expect(waiting.error).toMatch(/Export requested from Promio \(export-requested\); Export delivery checked \(export-received\)/);
    expect(waiting.summary.manualSteps.map((s: any) => [s.id, s.done])).toEqual([['export-requested', false], ['export-received', false]]);
    expect(waiting.progress.objects).toEqual({});

    await expectEnvelope(await step(started.id, 'export-sent', {}), 404, 'NOT_FOUND');
    const first = await (await step(started.id, 'export-requested', { note: 'ticket 4411 with Promio support' })).json();
    expect(first.status).toBe('paused');
    expect(first.summary.manualSteps[0]).toMatchObject({ done: true, note: 'ticket 4411 with Promio support' });

    expect((await step(started.id, 'export-received', {})).status).toBe(200);
    const done = await waitForRun(server, scope.engineer, started.id);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.summary.manualSteps.every((s: any) => s.done && s.doneAt)).toBe(true);
    expect(done.progress.objects.lead.rows).toBeGreaterThan(0);
  }, 60_000);

  it('takes steps already done at start, and refuses ids the platform does not have', async () => {
    const body = (stepsDone: string[]) => ({ ...startRunBody(scope.scopeId, files.dir, sandbox, 'delta'), options: { stepsDone } });
    const bad = await server.call('/api/v1/runs', jsonInit('POST', body(['export-requested', 'export-sent']), scope.engineer));
    await expectEnvelope(bad, 400, 'BAD_REQUEST');
    const started = await (await server.call('/api/v1/runs', jsonInit('POST', body(['export-requested', 'export-received']), scope.engineer))).json();
    const done = await waitForRun(server, scope.engineer, started.id);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.summary.manualSteps.map((s: any) => s.note)).toEqual(['done before the run was queued', 'done before the run was queued']);
  }, 60_000);
});
