import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeExportFiles } from '../../src/http/entry/export-files.node.ts';
import { packageArchive, type DocumentPackageReport } from '../../src/reports/run/index.ts';
import { articlePath, pathSegment } from '../../src/reports/run/kb-paths.ts';
import { zipArchive } from '../../src/reports/run/kb-zip.ts';
import { generateFixtures } from '../../src/runner/fixtures/index.ts';
import { contentTypeOf, fileCandidates, FILE_FOLDER } from '../../src/runner/pipeline/documents-files.ts';
import { readSize } from '../../src/runner/pipeline/documents-transform.ts';
import { createExportsSource, isInsidePath } from '../../src/runner/sources/exports/index.ts';
import { createFreshsalesClient } from '../../src/runner/destinations/freshsales/client.ts';
import { createDocumentApi } from '../../src/runner/destinations/freshsales/document-api.ts';
import { documentSession } from '../../src/runner/destinations/freshsales/document-writes.ts';
import type { DocumentUpload } from '../../src/runner/protocol.ts';
import { startTestSandbox, type TestSandbox } from '../sandbox/helpers.ts';
import { unzip } from './documents-unzip.ts';
import { sourceCtx } from './sources/helpers.ts';

describe('file sizes, names and places', () => {
  it('reads a size in bytes, with separators or a unit, and refuses anything else', () => {
    expect(readSize('1,234')).toBe(1234);
    expect(readSize('188743680')).toBe(188_743_680);
    expect(readSize('2.5 MB')).toBe(2_621_440);
    expect(readSize('12 kb')).toBe(12_288);
    expect(readSize('1 GB')).toBe(1024 ** 3);
    for (const bad of ['', 'large', '12 parsecs', '-5', '1.2.3']) expect(readSize(bad), bad).toBeNull();
  });

  it('looks for a file by the row path, then by id and name in the attachments folder, never outside the export', () => {
    expect(fileCandidates('ATT-1', 'quote.pdf', undefined)).toEqual([`${FILE_FOLDER}/ATT-1/quote.pdf`, `${FILE_FOLDER}/quote.pdf`]);
    expect(fileCandidates('F-1', 'a.pdf', 'https://files.example/F-1')).toEqual([`${FILE_FOLDER}/F-1/a.pdf`, `${FILE_FOLDER}/a.pdf`]);
    expect(fileCandidates(null, 'a.pdf', 'docs\\a.pdf')).toEqual(['docs/a.pdf', `${FILE_FOLDER}/docs/a.pdf`, `${FILE_FOLDER}/a.pdf`]);
    expect(fileCandidates('X', 'a.pdf', '../../etc/passwd')).toEqual([`${FILE_FOLDER}/X/a.pdf`, `${FILE_FOLDER}/a.pdf`]);
    expect(fileCandidates('..', '..', undefined)).toEqual([]);
    for (const bad of ['', '/etc/passwd', 'a/../b', 'C:/x', 'a//b', './a']) expect(isInsidePath(bad), bad).toBe(false);
    expect(isInsidePath('attachments/ATT-1/specs "v2".xlsx')).toBe(true);
    expect(contentTypeOf('Photo 1.JPG')).toBe('image/jpeg');
    expect(contentTypeOf('README')).toBe('application/octet-stream');
  });

  it('names package files readably and safely on every system', () => {
    expect(pathSegment(' Hardware: "Pumps"/Valves ')).toBe('Hardware- -Pumps-Valves');
    expect(pathSegment('...')).toBe('_');
    expect(articlePath('Knowledge base', ['Hardware', 'Pumps'], 'KB-100', 'Reset, then "confirm"')).toBe('Knowledge base/Hardware/Pumps/KB-100 Reset, then -confirm-.html');
    expect(articlePath('Knowledge base', [], 'KB-1', 'Ünïcode')).toBe('Knowledge base/Uncategorised/KB-1 Ünïcode.html');
  });
});

describe('the document package archive', () => {
  const report: DocumentPackageReport = {
    header: { runId: 'run_1', scopeName: 'Acme', scopeVersion: 2, mode: 'full', source: 'soffront', destination: 'https://acme.example', startedAt: null, finishedAt: null, generatedAt: '2024-05-01T10:00:00.000Z', status: 'loading' },
    packages: [
      {
        title: 'Knowledge base',
        object: 'kb_article',
        articles: [
          { sourceKey: 'KB-1', file: 'KnowledgeBase.csv', line: 2, path: 'Knowledge base/Hardware/Pumps/KB-1 Reset.html', title: 'Reset', categories: ['Hardware', 'Pumps'], body: '<h1>Steps</h1>\n<p>Hold "reset" &amp; wait</p>', details: [{ label: 'Status', value: 'Published' }], notedOn: [] },
          { sourceKey: 'KB-2', file: 'KnowledgeBase.csv', line: 3, path: 'Knowledge base/Uncategorised/KB-2 Plain.html', title: 'Plain <b>text</b>', categories: [], body: 'line 1\n  line <2>', details: [], notedOn: [{ object: 'contact', sourceKey: 'C-1', entity: 'contacts', id: '7' }] },
        ],
      },
    ],
  };

  it('is a zip every tool reads: an index page and one page per article, the body kept literally', () => {
    const files = unzip(packageArchive(report));
    expect([...files.keys()]).toEqual(['Knowledge base/index.html', 'Knowledge base/Hardware/Pumps/KB-1 Reset.html', 'Knowledge base/Uncategorised/KB-2 Plain.html']);
    const text = (name: string) => new TextDecoder().decode(files.get(name));
    const html = text('Knowledge base/Hardware/Pumps/KB-1 Reset.html');
    expect(html).toContain('<h1>Steps</h1>\n<p>Hold "reset" &amp; wait</p>');
    expect(html).toContain('<a href="../../index.html">');
    expect(html).toContain('<tr><th>Status</th><td>Published</td></tr>');
    // Text that is not HTML keeps its line breaks and shows its angle brackets as text.
    const plain = text('Knowledge base/Uncategorised/KB-2 Plain.html');
    expect(plain).toContain('<pre>line 1\n  line &lt;2&gt;</pre>');
    expect(plain).toContain('<title>Plain &lt;b&gt;text&lt;/b&gt;</title>');
    expect(plain).toContain('contacts 7 (contact C-1)');
    const index = text('Knowledge base/index.html');
    expect(index).toContain('<h2>Hardware &gt; Pumps</h2>');
    expect(index).toContain('href="Hardware/Pumps/KB-1%20Reset.html"');
  });

  it('stores names as UTF-8 and survives an empty archive', () => {
    const files = unzip(zipArchive([{ path: 'Café/naïve.html', bytes: new Uint8Array([1, 2, 3]) }], new Date('2024-05-01T10:00:00Z')));
    expect([...files.keys()]).toEqual(['Café/naïve.html']);
    expect(unzip(zipArchive([], new Date())).size).toBe(0);
  });
});

describe('the export folder hands over the files its rows name', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-documents-'));
    await writeFile(join(dir, 'Attachments.csv'), 'AttachmentID,File Name\nATT-1,quote.pdf\n');
    await mkdir(join(dir, 'attachments', 'ATT-1'), { recursive: true });
    await writeFile(join(dir, 'attachments', 'ATT-1', 'quote.pdf'), '%PDF-1.4 quote');
    // A folder named like an export file is neither an export nor a file.
    await mkdir(join(dir, 'attachments', 'notes.csv'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const session = () => createExportsSource(nodeExportFiles).open({ kind: 'exports', dir }, sourceCtx());

  it('lists only the tables, never the attachments folder', async () => {
    expect((await session().discover()).map((s) => s.name)).toEqual(['Attachments.csv']);
  });

  it('gives a file by its path with its size before its bytes, null for none, and refuses a path out of the folder', async () => {
    const file = await session().file!('attachments/ATT-1/quote.pdf');
    expect(file).toMatchObject({ path: 'attachments/ATT-1/quote.pdf', bytes: 14 });
    expect(new TextDecoder().decode(await file!.read())).toBe('%PDF-1.4 quote');
    expect(await session().file!('attachments/ATT-2/quote.pdf')).toBeNull();
    expect(await session().file!('attachments/notes.csv')).toBeNull();
    await expect(session().file!('../outside.pdf')).rejects.toThrow(/not a path inside export directory/);
    await expect(session().file!('/etc/passwd')).rejects.toThrow(/not a path inside export directory/);
  });
});

describe.each(['soffront', 'profi'])('%s generated attachments', (platform) => {
  const set = generateFixtures(platform, { scale: 40, seed: 6 });
  const truth = set.manifest.truth;
  const file = Object.entries(set.manifest.files).find(([, o]) => o === 'attachment')![0];
  const text = new TextDecoder().decode(set.files.find((f) => f.name === file)!.bytes);
  const rows = text.trim().split('\n').slice(1);

  it('ships a small file for every row but the oversized ones, its size in the size column, the same bytes every time', () => {
    const oversize = truth.quarantine.filter((q) => q.reason === 'oversize');
    expect(oversize.length).toBeGreaterThan(0);
    expect(set.attachments!.length).toBe(rows.length - oversize.length);
    for (const f of set.attachments!) {
      expect(f.name.startsWith(`${FILE_FOLDER}/`), f.name).toBe(true);
      expect(f.bytes.length).toBeLessThan(8_000);
      const id = f.name.split('/')[1]!;
      const row = rows.find((r) => r.startsWith(`${id},`))!;
      expect(row, f.name).toContain(`,${f.bytes.length},`);
    }
    const again = generateFixtures(platform, { scale: 40, seed: 6 }).attachments!;
    expect(again.map((f) => [f.name, Buffer.from(f.bytes).toString('base64')])).toEqual(set.attachments!.map((f) => [f.name, Buffer.from(f.bytes).toString('base64')]));
  });

  it('lists each oversized file at a size over 150 MB without writing it, and the truth quarantines it', () => {
    for (const q of truth.quarantine.filter((x) => x.reason === 'oversize')) {
      expect(q.file).toBe(file);
      expect(set.attachments!.some((f) => f.name.split('/')[1] === q.id)).toBe(false);
      const size = Number(rows.find((r) => r.startsWith(`${q.id},`))!.match(/,(\d{9,}),/)![1]);
      expect(size).toBeGreaterThan(150 * 1024 * 1024);
    }
    // An orphan and an oversized file are never the same row: each is quarantined for its own reason.
    const orphans = truth.quarantine.filter((q) => q.file === file && q.reason === 'orphan_parent').map((q) => q.line);
    expect(truth.quarantine.filter((q) => q.reason === 'oversize').some((q) => orphans.includes(q.line))).toBe(false);
  });
});

describe('Freshsales documents', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox({ plan: 'pro' });
  });
  afterAll(() => sb?.stop());
  const documents = () => documentSession(createDocumentApi(createFreshsalesClient({ baseUrl: sb.suiteBaseUrl, apiKey: sb.apiKey }, { fetch, timeoutMs: 5_000 })));
  const upload = (targetableId: string, over: Partial<DocumentUpload> = {}): DocumentUpload => ({
    sourceKey: 'ATT-1',
    fileName: 'specs "v2".xlsx',
    contentType: 'application/vnd.ms-excel',
    bytes: new TextEncoder().encode('a small spreadsheet'),
    targetableType: 'Contact',
    targetableId,
    shared: true,
    ...over,
  });

  it('uploads a file onto a record, reads it back by id and deletes it; a retried upload finds the first instead of making a second', async () => {
    const contact = await sb.suite.create('contacts', { emails: 'files@example.com' });
    const first = await documents().upload(upload(String(contact.id)));
    expect(first.status).toBe('written');
    const id = (first as { destinationId: string }).destinationId;
    expect((await documents().upload(upload(String(contact.id), { retried: true })))).toEqual(first);
    const read = await documents().fetch([id, '999999']);
    expect(read.get(id)).toEqual({ id, name: 'specs "v2".xlsx', size: 19, targetableType: 'Contact', targetableId: String(contact.id) });
    expect(read.get('999999')).toBeNull();
    expect(await documents().remove(id)).toBe('deleted');
    expect(await documents().remove(id)).toBe('gone');
  });

  it('a file Freshsales refuses (its record is gone, the type takes no files) fails that file alone, saying why', async () => {
    const refused = await documents().upload(upload('123456789'));
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'FRESHSALES_NOT_FOUND', message: expect.stringContaining('Contact 123456789 not found'), retryable: false } });
    expect(await documents().upload(upload('1', { targetableType: 'Ticket' }))).toMatchObject({ status: 'failed', error: { code: 'FRESHSALES_VALIDATION' } });
  });
});
