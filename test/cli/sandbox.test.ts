import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, spawnFerry } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `ferry sandbox freshsales …` and resolves once it has printed its URL and key (or has exited). */
function startSandbox(args: string[]) {
  const child = spawn(process.execPath, [join(process.cwd(), 'bin/ferry.mjs'), 'sandbox', 'freshsales', '--port', '0', ...args], {
    cwd: dir,
    env: cleanEnv({}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<{ url: string; key: string } | { code: number | null; stderr: string }>((resolve) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      const key = /API key:\s+(\S+)/.exec(stdout)?.[1];
      if (url && key) resolve({ url, key });
    });
    void exited.then((code) => resolve({ code, stderr }));
  });
  return { child, ready, exited, out: () => stdout };
}

describe('ferry sandbox freshsales', () => {
  it('serves the sandbox with the key from --api-key-file until SIGTERM, then saves its state and exits 0', async () => {
    writeFileSync(join(dir, 'key'), 'sandbox-cli-key-42\n');
    const s = startSandbox(['--api-key-file', 'key', '--plan', 'enterprise', '--state-file', 'state.json']);
    const ready = await s.ready;
    if (!('url' in ready)) throw new Error(`the sandbox did not start: ${JSON.stringify(ready)}`);
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.key).toBe('sandbox-cli-key-42');
    expect(s.out()).toContain(`Suite base URL:   ${ready.url}/crm/sales`);
    expect(s.out()).toContain(`State file:       ${join(dir, 'state.json')}`);

    const owners = await fetch(`${ready.url}/crm/sales/api/selector/owners`, { headers: { Authorization: `Token token=${ready.key}` } });
    expect(owners.status).toBe(200);
    expect((await owners.json()).users.length).toBeGreaterThan(0);
    expect((await fetch(`${ready.url}/crm/sales/api/selector/owners`, { headers: { Authorization: 'Token token=wrong-key-000' } })).status).toBe(401);

    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toMatchObject({ version: 1, plan: 'enterprise' });
  });

  it('names a bad flag and does not start', async () => {
    const plan = await spawnFerry(['sandbox', 'freshsales', '--plan', 'platinum'], cleanEnv({}), dir);
    expect(plan.code).toBe(2);
    expect(plan.stderr.split('\n')[0]).toMatch(/^ferry: --plan: /);
    const key = await spawnFerry(['sandbox', 'freshsales', '--api-key-file', 'missing-key'], cleanEnv({}), dir);
    expect([key.code, key.stderr]).toEqual([1, `ferry: cannot read the API key file ${join(dir, 'missing-key')}: ENOENT\n`]);
  });
});
