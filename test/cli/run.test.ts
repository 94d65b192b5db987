import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/http/entry/cli/dispatch.ts';
import type { RunView } from '../../src/http/entry/cli/ferry-api.ts';
import { captureIo, cleanEnv, envelope, fakeFerry, runView, spawnFerry, working, type Recorded } from './helpers.ts';

const TOKEN = 'fry_' + 'e'.repeat(43);
const KEY = 'fs-secret-key-123456';
const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The service under test's stand-in: answers the run routes from `views` (GETs take them in order) or `reply`. */
let ferry: Awaited<ReturnType<typeof fakeFerry>>;
let reply: ((req: Recorded) => { status: number; body: unknown } | undefined) | undefined;
let views: RunView[] = [];
beforeAll(async () => {
  ferry = await fakeFerry((req) => {
    const custom = reply?.(req);
    if (custom) return custom;
    if (req.method === 'POST' && req.path === '/api/v1/runs') return { status: 201, body: runView() };
    const action = /^\/api\/v1\/runs\/([^/]+)\/(pause|resume|rollback)$/.exec(req.path);
    if (req.method === 'POST' && action) return { status: 200, body: runView({ id: action[1], status: action[2] === 'pause' ? 'paused' : action[2] === 'resume' ? 'loading' : 'rolling_back' }) };
    if (req.method === 'GET' && req.path.startsWith('/api/v1/runs/') && views.length > 0) return { status: 200, body: views.shift() };
    return { status: 404, body: envelope('NOT_FOUND', `no route ${req.method} ${req.path}`) };
  });
});
afterAll(() => ferry.close());
afterEach(() => {
  ferry.requests.length = 0;
  reply = undefined;
  views = [];
});

const START = ['run', 'start', '--scope', 'scope_1', '--mode', 'sample', '--source-dir', 'exports', '--destination-url', 'https://acme.myfreshworks.com/crm/sales', '--plan', 'pro'];

describe('ferry run start (its own process)', () => {
  it('posts the run with the key from FRESHSALES_API_KEY and the source folder made absolute, and prints the run id', async () => {
    const r = await spawnFerry(START, cleanEnv({ FERRY_URL: ferry.url, FERRY_TOKEN: TOKEN, FRESHSALES_API_KEY: KEY }), dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('started run run_1');
    expect(r.stdout).toContain('status:   queued');
    expect(ferry.requests).toHaveLength(1);
    const [req] = ferry.requests;
    expect(req!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req!.body).toEqual({
      scopeId: 'scope_1',
      mode: 'sample',
      source: { kind: 'exports', dir: join(dir, 'exports') },
      destination: { kind: 'freshsales', baseUrl: 'https://acme.myfreshworks.com/crm/sales', apiKey: KEY, plan: 'pro' },
      options: {},
    });
  });

  it('reads the key from --api-key-file and passes version, parent and sample size', async () => {
    writeFileSync(join(dir, 'key.txt'), `${KEY}-from-file\n`);
    const r = await spawnFerry(
      [...START, '--api-key-file', 'key.txt', '--version', '3', '--parent', 'run_0', '--sample-size', '250'],
      cleanEnv({ FERRY_URL: ferry.url, FERRY_TOKEN: TOKEN }),
      dir,
    );
    expect(r.code).toBe(0);
    expect(ferry.requests[0]!.body).toMatchObject({
      scopeVersion: 3,
      parentRunId: 'run_0',
      destination: { apiKey: `${KEY}-from-file` },
      options: { sampleSize: 250 },
    });
  });

  it('refuses a key on the command line, saying why and what to do instead, before calling the service', async () => {
    for (const flag of [['--api-key', KEY], [`--api-key=${KEY}`]]) {
      const r = await spawnFerry([...START, ...flag], cleanEnv({ FERRY_URL: ferry.url, FERRY_TOKEN: TOKEN }), dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^ferry: --api-key is refused: .*shell history.*FRESHSALES_API_KEY.*--api-key-file/);
    }
    expect(ferry.requests).toHaveLength(0);
  });

  it('names what is missing: the key, the token, a flag', async () => {
    const noKey = await spawnFerry(START, cleanEnv({ FERRY_URL: ferry.url, FERRY_TOKEN: TOKEN }), dir);
    expect([noKey.code, noKey.stderr]).toEqual([1, 'ferry: no Freshsales API key: set FRESHSALES_API_KEY or pass --api-key-file <file>\n']);
    const noToken = await spawnFerry(START, cleanEnv({ FERRY_URL: ferry.url, FRESHSALES_API_KEY: KEY }), dir);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/^ferry: FERRY_TOKEN is not set/);
    const noPlan = await spawnFerry(START.slice(0, -2), cleanEnv({ FERRY_URL: ferry.url, FERRY_TOKEN: TOKEN, FRESHSALES_API_KEY: KEY }), dir);
    expect(noPlan.code).toBe(2);
    expect(noPlan.stderr.split('\n')[0]).toBe('ferry: --plan is required');
    const badMode = await spawnFerry(START.map((a) => (a === 'sample' ? 'everything' : a)), cleanEnv({ FERRY_TOKEN: TOKEN, FRESHSALES_API_KEY: KEY }), dir);
    expect(badMode.stderr.split('\n')[0]).toBe('ferry: --mode must be one of sample, full, delta, got "everything"');
    expect(ferry.requests).toHaveLength(0);
  });

  it("prints the service's error as message, code and request id, and exits 1", async () => {
    reply = () => ({ status: 409, body: envelope('CONFLICT', 'scope scope_1 has no signed-off version', 'req_9') });
    const r = await spawnFerry(START, cleanEnv({ FERRY_URL: ferry.url, FERRY_TOKEN: TOKEN, FRESHSALES_API_KEY: KEY }), dir);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', 'ferry: scope scope_1 has no signed-off version (CONFLICT, request req_9)\n']);
  });
});

describe('following a run', () => {
  const env = () => ({ FERRY_URL: ferry.url, FERRY_TOKEN: TOKEN, FRESHSALES_API_KEY: KEY });

  it('start --follow polls every second until the run stops working, printing a line per change', async () => {
    views = [working('extracting', 40, 40), working('transforming', 40, 40), working('loading', 10, 40), working('loading', 20, 40), runView({ status: 'completed', phase: 'reconciling' })];
    const c = captureIo(env(), dir);
    expect(await runCli([...START, '--follow'], c.io)).toBe(0);
    expect(c.err()).toBe('');
    const lines = c.out().split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'started run run_1',
      'queued',
      'extracting: 40/40 records (100%), 12.5/s, ETA 0s',
      'transforming: 40/40 records (100%), 12.5/s, ETA 0s',
      // 20/40 came within 5 s of 10/40 in the same phase and status, so it is not printed.
      'loading: 10/40 records (25%), 12.5/s, ETA 2s',
      'completed',
    ]);
    expect(lines).toContain('status:   completed');
    expect(c.sleeps).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(ferry.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/runs', ...Array(5).fill('GET /api/v1/runs/run_1')]);
  });

  it('stops following at a status that needs a person, without asking again', async () => {
    views = [working('loading', 5, 40), runView({ status: 'awaiting_owners', phase: 'awaiting_owners' }), working('loading', 6, 40)];
    const c = captureIo(env());
    expect(await runCli(['run', 'status', 'run_1', '--follow'], c.io)).toBe(0);
    expect(c.out()).toContain('awaiting_owners (map the unknown owners, then: ferry run resume run_1)');
    expect(ferry.requests).toHaveLength(2);
  });

  it('follows a run paused for the API budget through to the end, since it goes on by itself', async () => {
    const budget = { limit: 2000, remaining: 0, resetAt: '2026-11-22T11:00:00.000Z', waitingUntil: '2026-11-22T11:00:00.000Z' };
    views = [working('loading', 5, 40, { status: 'paused', pauseReason: 'budget', budget }), working('loading', 6, 40), runView({ status: 'completed' })];
    const c = captureIo(env());
    expect(await runCli(['run', 'status', 'run_1', '--follow'], c.io)).toBe(0);
    expect(c.out().split('\n').slice(0, 3)).toEqual([
      'paused (budget, waiting until 2026-11-22T11:00:00.000Z), loading: 5/40 records (12%), 12.5/s, ETA 3s',
      'loading: 6/40 records (15%), 12.5/s, ETA 3s',
      'completed',
    ]);
    expect(ferry.requests).toHaveLength(3);
  });

  it('exits 1 when the followed run fails, after showing it', async () => {
    views = [working('loading', 5, 40), runView({ status: 'failed', phase: 'loading', error: 'the mapping changed since sign-off' })];
    const c = captureIo(env());
    expect(await runCli(['run', 'status', 'run_1', '--follow'], c.io)).toBe(1);
    expect(c.out()).toContain('error:    the mapping changed since sign-off');
    expect(c.err()).toBe('ferry: run run_1 failed: the mapping changed since sign-off\n');
  });

  it('exits 1 when a followed rollback left records not as they were', async () => {
    const error = 'rollback left 2 record(s) not as they were; see the rollback report';
    views = [runView({ status: 'rolling_back' }), runView({ status: 'rolled_back', error })];
    const c = captureIo(env());
    expect(await runCli(['run', 'status', 'run_1', '--follow'], c.io)).toBe(1);
    expect(c.out()).toContain(`error:    ${error}`);
    expect(c.err()).toBe(`ferry: run run_1 rolled back with problems: ${error}\n`);
  });

  it('with --json prints the final run as JSON on stdout and the progress on stderr', async () => {
    const done = runView({ status: 'completed' });
    views = [working('loading', 5, 40), done];
    const c = captureIo(env());
    expect(await runCli(['run', 'status', 'run_1', '--follow', '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out())).toEqual(done);
    expect(c.err()).toBe('loading: 5/40 records (12%), 12.5/s, ETA 3s\ncompleted\n');
  });
});

describe('steering a run', () => {
  const env = () => ({ FERRY_URL: ferry.url + '/', FERRY_TOKEN: TOKEN });

  it('posts pause, resume and rollback to the run and shows the answer', async () => {
    for (const [action, status] of [['pause', 'paused (no reason given)'], ['resume', 'loading'], ['rollback', 'rolling_back']] as const) {
      const c = captureIo(env());
      expect(await runCli(['run', action, 'run_7'], c.io)).toBe(0);
      const lines = c.out().split('\n');
      expect([lines[0], lines.find((l) => l.startsWith('status:'))]).toEqual(['run run_7: full run of scope scope_1 v2', `status:   ${status}`]);
    }
    expect(ferry.requests.map((r) => `${r.method} ${r.path} ${String(r.body)}`)).toEqual([
      'POST /api/v1/runs/run_7/pause undefined',
      'POST /api/v1/runs/run_7/resume undefined',
      'POST /api/v1/runs/run_7/rollback undefined',
    ]);
  });

  it('explains refusals, foreign answers and an unreachable service in one line each', async () => {
    reply = () => ({ status: 400, body: envelope('BAD_REQUEST', 'the run cannot be paused', 'req_2', [{ path: 'status', message: 'is completed' }]) });
    let c = captureIo(env());
    expect(await runCli(['run', 'pause', 'run_1'], c.io)).toBe(1);
    expect(c.err()).toBe('ferry: the run cannot be paused (BAD_REQUEST, request req_2)\n  status: is completed\n');

    reply = () => ({ status: 502, body: '<html>Bad gateway</html>' });
    c = captureIo(env());
    expect(await runCli(['run', 'status', 'run_1'], c.io)).toBe(1);
    expect(c.err()).toBe('ferry: GET /api/v1/runs/run_1 answered HTTP 502 without a Ferry error body\n');

    reply = () => ({ status: 200, body: { ...runView(), status: 'sleeping' } });
    c = captureIo(env());
    expect(await runCli(['run', 'status', 'run_1'], c.io)).toBe(1);
    expect(c.err()).toMatch(/^ferry: GET \/api\/v1\/runs\/run_1 answered an unexpected run: status: /);

    const gone = await fakeFerry(() => ({ status: 500, body: {} }));
    await gone.close();
    c = captureIo({ FERRY_URL: gone.url, FERRY_TOKEN: TOKEN });
    expect(await runCli(['run', 'status', 'run_1'], c.io)).toBe(1);
    expect(c.err()).toBe(`ferry: cannot reach Ferry at ${gone.url} (ECONNREFUSED); is it running? FERRY_URL names it\n`);
  });

  it('needs the run id, and shows the usage on request', async () => {
    const c = captureIo(env());
    expect(await runCli(['run', 'status'], c.io)).toBe(2);
    expect(c.err().split('\n')[0]).toBe('ferry: <id> is required');
    const help = captureIo(env());
    expect(await runCli(['--help'], help.io)).toBe(0);
    expect(help.out()).toContain('ferry run pause|resume|rollback <id>');
  });
});
