import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeExportFiles } from '../../../src/http/entry/export-files.node.ts';
import type { Json } from '../../../src/runner/protocol.ts';
import { createExportsSource, ExportFileError, exportsConfigSchema } from '../../../src/runner/sources/exports/index.ts';
import { checkpoints, collect, exportDir, records, sourceCtx } from './helpers.ts';

const open = (dir: string, checkpointEvery = 2) => createExportsSource(nodeExportFiles, { checkpointEvery }).open({ kind: 'exports', dir }, sourceCtx());
const rowsOf = async (dir: string, name: string, state: Json | null = null) =>
  records(await collect(open(dir).read(name, state))).map((m) => [m.position.line, m.data]);

/** The error a read rejects with (fails the test when the read succeeds). */
async function readError(dir: string, name: string, state: Json | null = null): Promise<Error> {
  const seen: number[] = [];
  try {
    for await (const m of open(dir).read(name, state)) if (m.type === 'record') seen.push(m.position.line);
  } catch (e) {
    return Object.assign(e as Error, { linesBefore: seen });
  }
  throw new Error(`${name} was read without error`);
}

function utf16(text: string, le: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out[2 + 2 * i + (le ? 0 : 1)] = u & 0xff;
    out[2 + 2 * i + (le ? 1 : 0)] = u >> 8;
  }
  return out;
}

describe('config', () => {
  it('takes a directory and nothing else', () => {
    expect(exportsConfigSchema.parse({ kind: 'exports', dir: '/data/acme' })).toEqual({ kind: 'exports', dir: '/data/acme' });
    expect(exportsConfigSchema.safeParse({ kind: 'exports', dir: '/x', extra: 1 }).success).toBe(false);
    expect(exportsConfigSchema.safeParse({ kind: 'exports', dir: ' ' }).success).toBe(false);
    expect(exportsConfigSchema.safeParse({ kind: 'api', dir: '/x' }).success).toBe(false);
    expect(createExportsSource(nodeExportFiles).kind).toBe('exports');
  });
});

describe('encodings', () => {
  it('reads a Windows-1252 file', async () => {
    const ascii = (s: string) => [...new TextEncoder().encode(s)];
    const win = new Uint8Array([...ascii('name;city\r\nJos'), 0xe9, ...ascii(';M'), 0xfc, ...ascii('nchen '), 0x80, ...ascii('\r\n')]);
    const dir = await exportDir({ 'contacts.csv': win });
    expect(await rowsOf(dir, 'contacts.csv')).toEqual([[2, { name: 'José', city: 'München €' }]]);
    expect((await open(dir).discover())[0]!.columns).toEqual(['name', 'city']);
  });

  it('reads UTF-16LE and UTF-16BE files with a byte-order mark, and resumes in them', async () => {
    const text = 'Name\tCity\r\nZoë\t東京 😀\r\nAnn\tOslo\r\nBo\tRiga\r\n';
    const dir = await exportDir({ 'le.txt': utf16(text, true), 'be.txt': utf16(text, false) });
    for (const name of ['le.txt', 'be.txt']) {
      const all = [
        [2, { Name: 'Zoë', City: '東京 😀' }],
        [3, { Name: 'Ann', City: 'Oslo' }],
        [4, { Name: 'Bo', City: 'Riga' }],
      ];
      expect(await rowsOf(dir, name)).toEqual(all);
      expect(await rowsOf(dir, name, { line: 3, rows: 2 })).toEqual(all.slice(2));
    }
  });

  it('reads JSON and NDJSON exports, with the columns of their first records', async () => {
    const dir = await exportDir({
      'deals.json': JSON.stringify({ records: [{ id: 1, tags: ['a', 'b'] }, { id: 2, owner: { email: 'o@x.io' } }] }, null, 2),
      'events.ndjson': '{"id":1}\n{"id":2,"kind":"call"}\n',
    });
    const specs = await open(dir).discover();
    expect(specs.map((s) => [s.name, s.columns])).toEqual([
      ['deals.json', ['id', 'tags', 'owner.email']],
      ['events.ndjson', ['id', 'kind']],
    ]);
    expect(await rowsOf(dir, 'events.ndjson')).toEqual([
      [1, { id: '1' }],
      [2, { id: '2', kind: 'call' }],
    ]);
    expect(await rowsOf(dir, 'deals.json', { line: 3, rows: 1 })).toEqual([[10, { id: '2', 'owner.email': 'o@x.io' }]]);
  });
});

describe('resuming', () => {
  // Quoted cells span lines, so a row's line is where it starts and lines skip.
  const csv = 'id,note\n1,"two\nlines"\n2,plain\n3,"three\n\nlines"\n4,x\n5,y\n';

  it('emits no row twice and loses none when rows span lines', async () => {
    const dir = await exportDir({ 'notes.csv': csv });
    const full = await collect(open(dir).read('notes.csv', null));
    expect(records(full).map((m) => m.position.line)).toEqual([2, 4, 5, 8, 9]);
    expect(checkpoints(full).map((m) => m.state)).toEqual([
      { line: 4, rows: 2 },
      { line: 8, rows: 4 },
      { line: 9, rows: 5 },
    ]);
    expect(await rowsOf(dir, 'notes.csv', { line: 4, rows: 2 })).toEqual([
      [5, { id: '3', note: 'three\n\nlines' }],
      [8, { id: '4', note: 'x' }],
      [9, { id: '5', note: 'y' }],
    ]);
    const tail = await collect(open(dir).read('notes.csv', { line: 9, rows: 5 }));
    expect(tail).toEqual([{ type: 'checkpoint', stream: 'notes.csv', state: { line: 9, rows: 5 } }]);
  });

  it('picks up rows appended after the checkpoint', async () => {
    const dir = await exportDir({ 'notes.csv': csv });
    await writeFile(join(dir, 'notes.csv'), csv + '6,z\n');
    expect(await rowsOf(dir, 'notes.csv', { line: 9, rows: 5 })).toEqual([[10, { id: '6', note: 'z' }]]);
  });

  it('refuses to resume a file that changed under its checkpoint', async () => {
    const dir = await exportDir({ 'notes.csv': csv.replace('2,plain\n', '') });
    const e = await readError(dir, 'notes.csv', { line: 5, rows: 3 });
    expect(e).toBeInstanceOf(ExportFileError);
    expect(e).toMatchObject({ file: 'notes.csv', line: 5, linesBefore: [] });
    expect(e.message).toBe('notes.csv line 5: the file changed since the checkpoint: 3 rows ended by this line then, 2 now; read it again from the start');

    const shorter = await exportDir({ 'notes.csv': 'id,note\n1,a\n' });
    expect((await readError(shorter, 'notes.csv', { line: 9, rows: 5 })).message).toContain('5 rows ended by this line then, 1 now');
  });

  it('rejects a state that is not one of its checkpoints, from the iterator', async () => {
    const dir = await exportDir({ 'notes.csv': csv });
    const e = await readError(dir, 'notes.csv', { offset: 12 });
    expect(e).toBeInstanceOf(ExportFileError);
    expect(e.message).toMatch(/^notes\.csv: the resume state is not a checkpoint of this file/);
  });
});

describe('bad files', () => {
  it('emits the rows before a malformed line, then throws naming the file and line', async () => {
    const dir = await exportDir({ 'bad.csv': 'a,b\n1,2\n3,4\n5,6,7\n8,9\n' });
    const e = await readError(dir, 'bad.csv');
    expect(e).toBeInstanceOf(ExportFileError);
    expect(e).toMatchObject({ file: 'bad.csv', line: 4, linesBefore: [2, 3] });
    expect(e.message).toBe('bad.csv line 4: row has 3 cells, header has 2');
  });

  it('names the line and column of a cell over the upload cell limit', async () => {
    const dir = await exportDir({ 'long.csv': `a,b\n1,${'x'.repeat(100_001)}\n` });
    expect((await readError(dir, 'long.csv')).message).toBe('long.csv line 2, column "b": cell 2 is longer than 100000 characters');
  });

  it('fails discovery on a file with a header and no rows, naming it', async () => {
    const dir = await exportDir({ 'a.csv': 'x\n1\n', 'empty.csv': 'id,name\n' });
    await expect(open(dir).discover()).rejects.toThrow('empty.csv: no rows: the file has a header row but no data rows');
  });
});

describe('the directory', () => {
  it('lists only regular export files, by name, following symlinks', async () => {
    const dir = await exportDir({ 'b.CSV': 'x\n1\n', 'a.ndjson': '{"x":1}\n', 'notes.md': '# hi', 'data.xlsx': 'PK' });
    await mkdir(join(dir, 'folder.csv'));
    await symlink(join(dir, 'b.CSV'), join(dir, 'link.txt'));
    expect(await nodeExportFiles.list(dir)).toEqual([
      { name: 'a.ndjson', bytes: 8 },
      { name: 'b.CSV', bytes: 4 },
      { name: 'link.txt', bytes: 4 },
    ]);
  });

  it('fails check, discover and read on a missing directory or a file, naming the path', async () => {
    const root = await exportDir({ 'file.csv': 'x\n1\n' });
    const missing = join(root, 'nope');
    expect(await open(missing).check()).toEqual({ ok: false, message: `export directory ${missing} does not exist` });
    await expect(open(missing).discover()).rejects.toThrow(`export directory ${missing} does not exist`);
    await expect(collect(open(missing).read('x.csv', null))).rejects.toThrow(`export directory ${missing} does not exist`);
    const file = join(root, 'file.csv');
    expect(await open(file).check()).toEqual({ ok: false, message: `export directory ${file} is not a directory` });
  });

  it('fails check on a directory without export files', async () => {
    const dir = await exportDir({ 'readme.md': 'nothing here' });
    expect(await open(dir).check()).toEqual({ ok: false, message: `export directory ${dir} holds no export files (.csv, .json, .ndjson, .txt)` });
  });

  it('reads no stream the directory does not list, and no path outside it', async () => {
    const dir = await exportDir({ 'a.csv': 'x\n1\n', 'notes.md': 'x\n1\n' });
    await expect(collect(open(dir).read('notes.md', null))).rejects.toThrow(`no export file "notes.md" in ${dir}`);
    await expect(collect(open(dir).read('../a.csv', null))).rejects.toThrow(`no export file "../a.csv" in ${dir}`);
    expect(() => nodeExportFiles.open(dir, '../a.csv')).toThrow(`"../a.csv" is not a file name in export directory ${dir}`);
  });
});
