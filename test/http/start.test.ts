import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'ferry-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the `npm start` entry as its own process and waits for it to say where it serves (or to exit). */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/http/entry/node.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const ready = new Promise<{ url?: string; code?: number | null }>((resolve) => {
    child.stdout!.on('data', () => {
      const m = /serving on (http:\/\/\S+)/.exec(stdout);
      if (m) resolve({ url: m[1] });
    });
    child.on('exit', (code) => resolve({ code }));
  });
  return { child, ready, out: () => stdout, err: () => stderr };
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

describe('npm start', () => {
  const dbUrl = `file:${join(dir, 'nested', 'data', 'ferry.db')}`;

  it('creates its database folder, prints the first admin token once, and serves every public page', async () => {
    const first = start({ DATABASE_URL: dbUrl });
    const { url } = await first.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(dir, 'nested', 'data', 'ferry.db'))).toBe(true);
    const token = /^\s+(fry_\S+)$/m.exec(first.out())?.[1];
    expect(token).toBeDefined();

    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    const catalogue = await (await fetch(`${url}/api/v1/platforms`)).json();
    expect(catalogue.pairs).toHaveLength(5);
    for (const p of catalogue.pairs) expect((await fetch(url + p.href)).status).toBe(200);
    expect((await fetch(`${url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(await stop(first.child)).toBe(0);

    // A second start on the same database keeps the organisation and prints no new token.
    const second = start({ DATABASE_URL: dbUrl });
    const again = await second.ready;
    expect(again.url).toBeDefined();
    expect(second.out()).not.toContain('fry_');
    expect((await fetch(`${again.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    await stop(second.child);
  });

  it('takes FERRY_BOOTSTRAP_TOKEN instead of printing a generated one', async () => {
    const token = 'fry_' + 'B'.repeat(43);
    const p = start({ DATABASE_URL: `file:${join(dir, 'boot.db')}`, FERRY_BOOTSTRAP_TOKEN: token });
    const { url } = await p.ready;
    expect(p.out()).not.toContain('fry_');
    expect((await fetch(`${url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    await stop(p.child);
  });

  it('refuses to start on a bad variable with one line naming it', async () => {
    for (const [name, value] of [['PORT', 'eighty'], ['DATABASE_URL', 'postgres://x'], ['LOG_LEVEL', 'loud']]) {
      const p = start({ [name]: value, DATABASE_URL: name === 'DATABASE_URL' ? value : `file:${join(dir, 'never.db')}` });
      const { code } = await p.ready;
      expect(code).toBe(1);
      const lines = p.err().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(name);
    }
  });
});
