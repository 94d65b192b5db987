import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { exportDir, preparedSandbox, signedOffScope } from '../helpers/runs.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cleanEnv, spawnFerry } from './helpers.ts';

// The engineers' CLI as its own process against the real service: a signed-off Kartra scope, a Freshsales sandbox
// prepared from the setup checklist, and the fixture exports in a folder of their own.
let server: TestServer;
let sandbox: RunningSandbox;
let scope: Awaited<ReturnType<typeof signedOffScope>>;
let exports: ReturnType<typeof exportDir>;

beforeAll(async () => {
  server = await startTestServer();
  scope = await signedOffScope(server, 'kartra');
  sandbox = await preparedSandbox(scope.setup);
  exports = exportDir('kartra');
}, 60_000);
afterAll(async () => {
  await sandbox?.stop();
  await server?.stop();
  exports?.remove();
});

/** `ferry <args>` with the engineer's token and the sandbox key in its environment; the key must show nowhere else. */
async function ferry(...args: string[]) {
  const r = await spawnFerry(args, cleanEnv({ FERRY_URL: server.url, FERRY_TOKEN: scope.engineer, FRESHSALES_API_KEY: sandbox.apiKey }));
  for (const [where, text] of [['argv', r.argv.join(' ')], ['stdout', r.stdout], ['stderr', r.stderr]]) {
    expect(text, `the API key in ${where}`).not.toContain(sandbox.apiKey);
  }
  return r;
}

const start = (mode: string, ...more: string[]) =>
  ferry('run', 'start', '--scope', scope.scopeId, '--mode', mode, '--source-dir', exports.dir, '--destination-url', sandbox.suiteBaseUrl, '--plan', 'pro', ...more);

/** The plain progress lines --follow printed: everything before the run's summary (which starts `run <id>:`). */
function progressLines(stdout: string, id: string): string[] {
  const lines = stdout.split('\n');
  const summary = lines.indexOf(lines.find((l) => l.startsWith(`run ${id}: `))!);
  expect(summary, stdout).toBeGreaterThan(0);
  return lines.slice(0, summary);
}

const PROGRESS = /^(queued|extracting|transforming|loading|reconciling|rolling_back)(: \d[\d,]*\/\d[\d,]* records \(\d+%\), [\d.]+\/s(, ETA \S+( \S+)?)?)?$/;

const httpStatus = async (id: string) => (await (await server.call(`/api/v1/runs/${id}`, { token: scope.engineer })).json()) as { status: string; error: string | null };

describe('ferry run against the real runs API', () => {
  let sampleId: string;
  let fullId: string;

  it("prints the service's refusal in one line and exits 1", async () => {
    const r = await start('full', '--version', '1');
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(/^ferry: .*signed off.* \(CONFLICT, request \S+\)\n$/);
  });

  it('start --mode sample --follow prints the run id, then plain progress lines ending in completed', async () => {
    const r = await start('sample', '--follow');
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    sampleId = /^started run (\S+)\n/.exec(r.stdout)![1]!;
    const [, ...progress] = progressLines(r.stdout, sampleId);
    expect(progress.at(-1)).toBe('completed');
    for (const line of progress.slice(0, -1)) expect(line).toMatch(PROGRESS);
    expect(r.stdout).toContain(
      `run ${sampleId}: sample run of scope ${scope.scopeId} v${scope.version}\ninto:     freshsales ${sandbox.suiteBaseUrl} (pro plan)\nstatus:   completed\n`,
    );
  }, 30_000);

  it('start --mode full --follow loads everything, and status --json shows the whole run', async () => {
    const r = await start('full', '--follow');
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    fullId = /^started run (\S+)\n/.exec(r.stdout)![1]!;
    expect(fullId).not.toBe(sampleId);
    expect(progressLines(r.stdout, fullId).at(-1)).toBe('completed');

    const status = await ferry('run', 'status', fullId, '--json');
    expect([status.code, status.stderr]).toEqual([0, '']);
    const view = JSON.parse(status.stdout);
    expect(view).toMatchObject({
      id: fullId,
      scopeId: scope.scopeId,
      scopeVersion: scope.version,
      mode: 'full',
      status: 'completed',
      parentRunId: null,
      error: null,
      destination: { kind: 'freshsales', baseUrl: sandbox.suiteBaseUrl, plan: 'pro' },
    });
    expect(view.progress.objects.contact.rows).toBeGreaterThan(0);
    // --json prints the run as the service sent it, nothing left out (the budget is live, so it may have moved since).
    const direct = await (await server.call(`/api/v1/runs/${fullId}`, { token: scope.engineer })).json();
    expect({ ...view, budget: null }).toEqual({ ...direct, budget: null });
  }, 30_000);

  it('rollback, then status --follow until rolled_back', async () => {
    const r = await ferry('run', 'rollback', fullId);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^status: {3}(rolling_back|rolled_back)$/m);

    const follow = await ferry('run', 'status', fullId, '--follow');
    expect([follow.code, follow.stderr]).toEqual([0, '']);
    expect(progressLines(follow.stdout, fullId).at(-1)).toBe('rolled_back');
    expect(follow.stdout).toMatch(/^status: {3}rolled_back$/m);

    expect(await httpStatus(fullId)).toMatchObject({ status: 'rolled_back', error: null });
    expect(await httpStatus(sampleId)).toMatchObject({ status: 'completed' });
  }, 30_000);
});
