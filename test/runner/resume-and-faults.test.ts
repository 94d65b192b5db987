import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { preparedSandbox, scaledKartraExport, signedOffScope, startRunBody, waitForRun } from '../helpers/runs.ts';
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';

const COPIES = 30;
const ROOT = new URL('../../', import.meta.url).pathname;

/** What a migrated account holds, without what differs between accounts (ids, times): records by Ferry's source id. */
async function accountContents(sandbox: RunningSandbox) {
  const state = await (await fetch(`${sandbox.url}/_sandbox/state`)).json();
  const out: Record<string, Record<string, unknown>> = {};
  const duplicates: string[] = [];
  const names = new Map<string, string>();
  for (const collection of ['sales_accounts', 'contacts', 'deals']) {
    for (const r of Object.values(state.records?.[collection] ?? {}) as Record<string, any>[]) {
      if (r.is_deleted) continue;
      const key = `${collection}:${r.custom_field?.cf_ferry_source_id}`;
      if (out[key]) duplicates.push(key);
      names.set(String(r.id), key);
      // Ids and the times the account stamped differ between any two accounts; everything else must not.
      out[key] = Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'id' && !/(_at|_time|_date_time)$|^last_/.test(k)));
    }
  }
  // Links by the linked record's source id, not its account-specific id.
  const relink = (v: unknown): unknown => (Array.isArray(v) ? v.map(relink).sort() : typeof v === 'object' && v !== null && 'id' in v ? names.get(String((v as { id: unknown }).id)) : names.get(String(v)) ?? v);
  for (const rec of Object.values(out)) {
    for (const f of ['sales_accounts', 'sales_account_id', 'contact_ids', 'contacts_added_list']) if (f in rec) rec[f] = relink(rec[f]);
    // Email entries carry ids of their own.
    if (Array.isArray(rec.emails)) rec.emails = rec.emails.map(({ id, ...e }: Record<string, unknown>) => (void id, e));
  }
  return { records: out, duplicates };
}

/** The service as its own process (npm start), so it can be killed with SIGKILL at any moment. */
function startServiceProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/http/entry/node.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise<{ url: string; token: string | null }>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      const url = /Ferry is serving on (\S+)/.exec(out)?.[1];
      if (url) resolve({ url, token: /^\s+(fry_\S+)$/m.exec(out)?.[1] ?? null });
    });
    child.once('exit', (code) => reject(new Error(`service exited (${code}) before it served: ${out}`)));
  });
  return { child, ready };
}

let server: TestServer;
let scope: Awaited<ReturnType<typeof signedOffScope>>;
let data: ReturnType<typeof scaledKartraExport>;
const sandboxes: RunningSandbox[] = [];
let reference: Awaited<ReturnType<typeof accountContents>>;

async function sandbox() {
  const s = await preparedSandbox(scope.setup);
  sandboxes.push(s);
  return s;
}

beforeAll(async () => {
  server = await startTestServer();
  scope = await signedOffScope(server, 'kartra');
  data = scaledKartraExport(COPIES);
  // The reference: the same export into a fresh account with nothing going wrong.
  const clean = await sandbox();
  const run = await (await server.call('/api/v1/runs', { ...jsonInit('POST', startRunBody(scope.scopeId, data.dir, clean, 'full')), token: scope.engineer })).json();
  const done = await waitForRun(server, scope.engineer, run.id, 120_000);
  if (done.status !== 'completed') throw new Error(`reference run: ${JSON.stringify(done)}`);
  reference = await accountContents(clean);
}, 180_000);
afterAll(async () => {
  await Promise.all(sandboxes.map((s) => s.stop()));
  await server?.stop();
  data?.remove();
});

describe('a full run that goes wrong on the way', () => {
  it('the reference run loaded every record once', () => {
    expect(reference.duplicates).toEqual([]);
    expect(Object.keys(reference.records).filter((k) => k.startsWith('contacts:')).length).toBeGreaterThan(COPIES * 10);
  });

  it('with 10% of API calls failing (500, 503, timeouts, dropped connections) ends in the same account', async () => {
    const faulty = await sandbox();
    const set = await fetch(`${faulty.url}/_sandbox/faults`, jsonInit('POST', { seed: 7, error500: 0.03, error503: 0.03, timeout: 0.02, drop: 0.02, timeoutMs: 50 }));
    expect(set.status).toBe(200);
    const run = await (await server.call('/api/v1/runs', { ...jsonInit('POST', startRunBody(scope.scopeId, data.dir, faulty, 'full')), token: scope.engineer })).json();
    const done = await waitForRun(server, scope.engineer, run.id, 240_000);
    expect(done.status, JSON.stringify(done)).toBe('completed');
    const faults = (await (await fetch(`${faulty.url}/_sandbox/faults`)).json()).counts;
    expect(faults['500'] + faults['503'] + faults.timeout + faults.drop).toBeGreaterThan(5);
    const got = await accountContents(faulty);
    expect(got.duplicates).toEqual([]);
    expect(got.records).toEqual(reference.records);
    const rec = await (await server.call(`/api/v1/runs/${run.id}/reconciliation`, { token: scope.engineer })).json();
    expect(rec.ok).toBe(true);
  }, 300_000);

  it('killed with SIGKILL at random points and restarted, resumes with nothing lost and nothing duplicated', async () => {
    const target = await sandbox();
    const dir = mkdtempSync(join(tmpdir(), 'ferry-kill-'));
    const env = { HOST: '127.0.0.1', PORT: '0', DATABASE_URL: `file:${join(dir, 'ferry.db')}`, LOG_LEVEL: 'warn', RUNNER_LOAD_CONCURRENCY: '1' };
    let service: ChildProcess | undefined;
    try {
      let started = startServiceProcess(env);
      service = started.child;
      const first = await started.ready;
      let url = first.url;
      const remote = { url, adminToken: first.token!, call: (path: string, init: RequestInit & { token?: string } = {}) => fetch(url + path, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) } }) };
      const own = await signedOffScope(remote as unknown as TestServer, 'kartra');
      const created = await remote.call('/api/v1/runs', { ...jsonInit('POST', startRunBody(own.scopeId, data.dir, target, 'full')), token: own.engineer });
      const runId = (await created.json()).id as string;

      // Seeded points: one kill while staging, the rest at different depths of the load.
      const points = [{ status: 'transforming', done: 0 }, { status: 'loading', done: 100 }, { status: 'loading', done: 400 }, { status: 'loading', done: 800 }];
      let kills = 0;
      for (const point of points) {
        for (;;) {
          const view = await (await remote.call(`/api/v1/runs/${runId}`, { token: own.engineer })).json();
          if (view.status === 'completed' || view.status === 'failed') break;
          if (view.status === point.status && (view.progress.phase?.done ?? 0) >= point.done) {
            service!.kill('SIGKILL');
            await new Promise((r) => service!.once('exit', r));
            kills++;
            started = startServiceProcess(env);
            service = started.child;
            url = (await started.ready).url;
            break;
          }
          await new Promise((r) => setTimeout(r, 10));
        }
      }
      expect(kills).toBeGreaterThanOrEqual(2);
      const done = await waitForRun(remote as unknown as TestServer, own.engineer, runId, 240_000);
      expect(done.status, JSON.stringify(done)).toBe('completed');
      const got = await accountContents(target);
      expect(got.duplicates).toEqual([]);
      expect(got.records).toEqual(reference.records);
      const rec = await (await remote.call(`/api/v1/runs/${runId}/reconciliation`, { token: own.engineer })).json();
      expect(rec.ok).toBe(true);
    } finally {
      service?.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 400_000);
});
