import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeExportFiles } from '../../../src/http/entry/export-files.node.ts';
import { createExportsSource, type ExportsSession } from '../../../src/runner/sources/exports/index.ts';
import { EXPORTS_DIR, expectedFor, PLATFORMS } from '../../helpers/scoping.ts';
import { checkpoints, collect, exportDir, readTableDirectly, records, sourceCtx } from './helpers.ts';

const EVERY = 4;

/** A temp directory holding a platform's export files: the fixtures minus expected.json and the workflow inventory. */
async function platformDir(platform: string): Promise<{ dir: string; names: string[] }> {
  const skip = new Set(['expected.json', expectedFor(platform).workflows]);
  const names = (await readdir(join(EXPORTS_DIR, platform))).filter((n) => !skip.has(n)).sort();
  const dir = await exportDir();
  for (const n of names) await copyFile(join(EXPORTS_DIR, platform, n), join(dir, n));
  return { dir, names };
}

const session = (dir: string): ExportsSession => createExportsSource(nodeExportFiles, { checkpointEvery: EVERY }).open({ kind: 'exports', dir }, sourceCtx());

describe.each(PLATFORMS)('%s exports, read from a directory', (platform) => {
  it('checks and discovers one stream per export file, with the header columns and sizes', async () => {
    const { dir, names } = await platformDir(platform);
    const source = session(dir);
    expect(await source.check()).toEqual({ ok: true });
    const specs = await source.discover();
    expect(specs.map((s) => s.name)).toEqual(names);
    for (const spec of specs) {
      const bytes = await readFile(join(dir, spec.name));
      expect(spec.bytes).toBe(bytes.length);
      expect(spec.columns).toEqual((await readTableDirectly(spec.name, bytes)).firstMeta.headers);
      expect(spec.columns.length).toBeGreaterThan(1);
    }
  });

  it('reads every row readTable reads, at the same lines, with a checkpoint every N rows and at the end', async () => {
    const { dir, names } = await platformDir(platform);
    for (const name of names) {
      const expected = await readTableDirectly(name, await readFile(join(dir, name)));
      const messages = await collect(session(dir).read(name, null));
      const rows = records(messages);
      expect(rows.length).toBe(expected.summary.rows);
      expect(rows.map((m) => [m.position.line, m.data])).toEqual(expected.rows.map((r) => [r.line, r.record]));
      expect(rows.every((m) => m.stream === name && m.position.file === name)).toBe(true);

      // a checkpoint follows rows EVERY, 2×EVERY… and the last row, each naming the row just emitted
      let seen = 0;
      for (const m of messages) {
        if (m.type === 'record') seen++;
        else expect(m.state).toEqual({ line: rows[seen - 1]!.position.line, rows: seen });
      }
      expect(checkpoints(messages).length).toBe(Math.ceil(rows.length / EVERY));
      expect(messages.at(-1)).toEqual({ type: 'checkpoint', stream: name, state: { line: expected.rows.at(-1)!.line, rows: rows.length } });
    }
  });

  it('resumes from every checkpoint with exactly the rows after it', async () => {
    const { dir, names } = await platformDir(platform);
    for (const name of names) {
      const full = await collect(session(dir).read(name, null));
      for (let i = 0; i < full.length; i++) {
        const m = full[i]!;
        if (m.type !== 'checkpoint') continue;
        const resumed = await collect(session(dir).read(name, m.state));
        expect(records(resumed)).toEqual(records(full.slice(i + 1)));
        expect(resumed.at(-1)).toEqual(full.at(-1)); // ends on the same final checkpoint, even with no rows left
      }
    }
  });
});
