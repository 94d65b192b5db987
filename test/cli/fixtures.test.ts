import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFixtures } from '../../src/runner/fixtures/index.ts';
import { cleanEnv, spawnFerry } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferry-fixtures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ferry fixtures generate', () => {
  it('writes the export files, the workflow file and expected.json, byte for byte as the generator makes them', async () => {
    const out = join(dir, 'soffront');
    const r = await spawnFerry(['fixtures', 'generate', '--platform', 'soffront', '--scale', '40', '--seed', '9', '--out', out], cleanEnv({}));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^soffront: \d+ files in .*\(scale 40, seed 9\)/);
    expect(r.stdout).toMatch(/contact\s+4\d\s+Contacts\.csv/);
    const set = generateFixtures('soffront', { scale: 40, seed: 9 });
    const want = set.files;
    // The attachments sit in their own folder beside the export files.
    expect(readdirSync(out).sort()).toEqual([...want.map((f) => f.name), 'attachments'].sort());
    for (const f of [...want, ...set.attachments!]) expect(readFileSync(join(out, f.name)).equals(Buffer.from(f.bytes)), f.name).toBe(true);
    expect(r.stdout).toContain(`, ${set.attachments!.length} attachments under it`);
    expect(JSON.parse(readFileSync(join(out, 'expected.json'), 'utf8')).truth).toMatchObject({ platform: 'soffront', scale: 40, seed: 9 });
  });

  it('uses seed 1 when none is given', async () => {
    const out = join(dir, 'kartra');
    const r = await spawnFerry(['fixtures', 'generate', '--platform', 'kartra', '--scale', '15', '--out', out], cleanEnv({}));
    expect(r.code).toBe(0);
    const want = generateFixtures('kartra', { scale: 15, seed: 1 }).files.find((f) => f.name === 'contacts.csv')!;
    expect(readFileSync(join(out, 'contacts.csv')).equals(Buffer.from(want.bytes))).toBe(true);
  });

  it.each([
    [['--platform', 'hubspot', '--scale', '10', '--out', 'x'], /--platform must be one of .*kartra.*, not "hubspot"/],
    [['--scale', '10', '--out', 'x'], /--platform is required/],
    [['--platform', 'profi', '--scale', 'ten', '--out', 'x'], /--scale must be a whole number from 1 to \d+, not "ten"/],
    [['--platform', 'profi', '--scale', '0', '--out', 'x'], /--scale must be a whole number/],
    [['--platform', 'profi', '--out', 'x'], /--scale is required/],
    [['--platform', 'profi', '--scale', '5'], /--out is required/],
    [['--platform', 'profi', '--scale', '5', '--out', 'x', '--seed', '-3'], /--seed/],
    [['--platform', 'profi', '--scale', '5', '--out', 'x', '--colour', 'red'], /Unknown option '--colour'/],
  ])('rejects %j with a clear message and exit 2', async (args, message) => {
    const r = await spawnFerry(['fixtures', 'generate', ...args], cleanEnv({}), dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/usage:/);
    expect(readdirSync(dir)).not.toContain('x');
  });

  it('rejects an unknown fixtures command', async () => {
    const r = await spawnFerry(['fixtures', 'make'], cleanEnv({}));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "fixtures make"/);
  });
});
