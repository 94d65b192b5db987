import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CliIo } from '../../src/http/entry/cli/command.ts';
import type { RunView } from '../../src/http/entry/cli/ferry-api.ts';

/** A run as the service answers it; `over` replaces top-level fields. */
export function runView(over: Partial<RunView> = {}): RunView {
  return {
    id: 'run_1',
    scopeId: 'scope_1',
    scopeVersion: 2,
    mode: 'full',
    parentRunId: null,
    status: 'queued',
    phase: null,
    pauseReason: null,
    error: null,
    destination: { kind: 'freshsales', baseUrl: 'https://acme.myfreshworks.com/crm/sales', plan: 'pro' },
    createdAt: '2026-11-22T10:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    progress: { phase: null, objects: {} },
    budget: null,
    summary: { pairCard: [], manualSteps: [], calls: { actual: { total: 0, byStep: {} }, predicted: null, deviation: null, withinTolerance: null, note: 'a queued run has made no calls' } },
    ...over,
  };
}

/** A run working in `phase` with `done` of `total` records behind it; `over` may change its status (paused, …). */
export function working(phase: NonNullable<RunView['phase']>, done: number, total: number, over: Partial<RunView> = {}): RunView {
  const etaSeconds = (total - done) / 12.5;
  return runView({
    status: phase,
    phase,
    startedAt: '2026-11-22T10:00:01.000Z',
    progress: { phase: { name: phase, done, total, ratePerSecond: 12.5, etaSeconds }, objects: {} },
    ...over,
  });
}

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * A stand-in for the Ferry service on 127.0.0.1:0: records every request and answers with `answer(request)`
 * (JSON bodies; a string body is sent as is). Close it in afterAll/afterEach.
 */
export async function fakeFerry(answer: (req: Recorded) => { status: number; body: unknown }) {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const recorded = { method: req.method!, path: req.url!, headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
      requests.push(recorded);
      const { status, body } = answer(recorded);
      res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/html' : 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The Ferry error envelope. */
export const envelope = (code: string, message: string, requestId = 'req_1', details?: unknown) => ({ error: { code, message, requestId, details } });

/** In-process io: non-TTY captured output, a clock that sleep() moves forward (and records). */
export function captureIo(env: Record<string, string>, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const sleeps: number[] = [];
  let t = Date.parse('2026-11-22T10:00:00Z');
  const io: CliIo = {
    env,
    cwd,
    stdout: { write: (s: string) => out.push(s), isTTY: false },
    stderr: { write: (s: string) => err.push(s), isTTY: false },
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    now: () => t,
  };
  return { io, out: () => out.join(''), err: () => err.join(''), sleeps };
}

/** Environment for a spawned CLI without anything of ours leaking in from the test runner's environment. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['FERRY_URL', 'FERRY_TOKEN', 'FRESHSALES_API_KEY']) delete env[name];
  return { ...env, ...extra };
}

/**
 * Runs bin/ferry.mjs as its own process (stdout a pipe, so not a TTY) and resolves with its exit code, output and
 * the argv the process was really started with.
 */
export function spawnFerry(args: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()) {
  return new Promise<{ code: number; stdout: string; stderr: string; argv: string[] }>((resolve) => {
    const child = execFile(process.execPath, [`${process.cwd()}/bin/ferry.mjs`, ...args], { env, cwd }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr, argv: child.spawnargs }),
    );
  });
}
