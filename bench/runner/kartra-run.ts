// What both runner benchmarks start from: the real service in-process (its worker off, so only the benchmark drives
// the run), the Kartra fixture scope taken through discovery, approval and customer sign-off, a Freshsales sandbox
// prepared from that scope's setup checklist (in a child process), and a full run of the scope queued through
// POST /api/v1/runs over a generated export directory. The benchmark then drives the run with its own RunnerDeps.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openNodeDatabase } from '../../db/client.node.ts';
import { knowledgeBase } from '../../rules/index.ts';
import type { PlanId } from '../../rules/schema/platform.ts';
import { nodeExportFiles } from '../../src/http/entry/export-files.node.ts';
import { createBudgetRegistry, wallSleep } from '../../src/runner/budget/registry.ts';
import { createFreshsalesDestination } from '../../src/runner/destinations/freshsales/destination.ts';
import { DEFAULT_TUNING, type RunnerDeps } from '../../src/runner/pipeline/deps.ts';
import { createExportsSource } from '../../src/runner/sources/exports/index.ts';
import { signedOffScope } from '../../test/helpers/runs.ts';
import { jsonInit, startTestServer, type TestServer } from '../../test/helpers/server.ts';

/** The service and the benchmark's deps must agree on the key the run's API key is encrypted under. */
const CREDENTIALS_KEY = 'bench-runner-credentials-key-0123456789';

export interface SandboxProcess {
  url: string;
  suiteBaseUrl: string;
  apiKey: string;
  stop(): Promise<void>;
}

/** Starts bench/runner/sandbox-process.ts and waits for the line saying where it listens. */
async function startSandboxProcess(setup: unknown, plan: PlanId, timeScale: number): Promise<SandboxProcess> {
  const script = fileURLToPath(new URL('./sandbox-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify({ setup, plan, timeScale })], { stdio: ['ignore', 'pipe', 'inherit'] });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(([code]) => Promise.reject(new Error(`sandbox process exited with ${code}`)))])) as [string];
  const where = JSON.parse(first) as Omit<SandboxProcess, 'stop'>;
  return {
    ...where,
    stop: async () => {
      process.off('exit', kill);
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface KartraRun {
  server: TestServer;
  sandbox: SandboxProcess;
  runId: string;
  deps: RunnerDeps;
  stop(): Promise<void>;
}

export interface KartraRunOptions {
  /** The generated export directory the run reads. */
  dir: string;
  plan: PlanId;
  /** Divides the sandbox's rate windows and job durations, and the runner's budget windows and job waits alike. */
  timeScale?: number;
  /** The runner's fetch (a benchmark wraps it to count calls); the global fetch by default. */
  fetch?: typeof fetch;
}

/**
 * The deps the service builds (src/http/services.ts), with the budget registry and the bulk-job waits compressed by
 * `timeScale`, as the sandbox's own clock is. The job timing is the destination's default (30 ms a record before the
 * first poll, polls at least 1 s apart) divided by the scale.
 */
function benchDeps(db: RunnerDeps['db'], timeScale: number, fetchImpl: typeof fetch): RunnerDeps {
  return {
    db,
    kb: knowledgeBase,
    sources: { exports: createExportsSource(nodeExportFiles) },
    destinations: { freshsales: createFreshsalesDestination({ msPerRecord: 30 / timeScale, pollIntervalMs: 1_000 / timeScale }) },
    budgets: createBudgetRegistry({ timeScale }),
    credentialKey: async () => CREDENTIALS_KEY,
    fetch: fetchImpl,
    now: () => new Date(),
    sleep: wallSleep,
    log: (level, msg, fields) => {
      if (level === 'warn' || level === 'error') console.error(`  [runner ${level}] ${msg} ${fields ? JSON.stringify(fields) : ''}`);
    },
    tuning: DEFAULT_TUNING,
  };
}

/** Sets up a signed-off Kartra scope, a prepared sandbox and a queued full run over `dir`. */
export async function queueKartraRun(opts: KartraRunOptions): Promise<KartraRun> {
  const timeScale = opts.timeScale ?? 1;
  const server = await startTestServer({ RUNNER_WORKER: 'false', RUNNER_CREDENTIALS_KEY: CREDENTIALS_KEY, LOG_LEVEL: 'warn' });
  const scope = await signedOffScope(server, 'kartra');
  const sandbox = await startSandboxProcess(scope.setup, opts.plan, timeScale);
  const res = await server.call(
    '/api/v1/runs',
    jsonInit(
      'POST',
      {
        scopeId: scope.scopeId,
        mode: 'full',
        source: { kind: 'exports', dir: opts.dir },
        destination: { kind: 'freshsales', baseUrl: sandbox.suiteBaseUrl, apiKey: sandbox.apiKey, plan: opts.plan },
      },
      scope.engineer,
    ),
  );
  if (res.status !== 201) throw new Error(`POST /api/v1/runs: ${res.status} ${await res.text()}`);
  const runId = ((await res.json()) as { id: string }).id;
  // A connection of the benchmark's own to the service's database file, as a second runner process would have.
  const { db, close } = await openNodeDatabase(server.dbUrl);
  return {
    server,
    sandbox,
    runId,
    deps: benchDeps(db, timeScale, opts.fetch ?? globalThis.fetch),
    stop: async () => {
      close();
      await sandbox.stop();
      await server.stop();
    },
  };
}
