import { beforeAll, describe, expect, it } from 'vitest';
import { loadReportFonts } from '../../../src/http/entry/report-fonts.node.ts';
import type { Block, ReportDocument } from '../../../src/reports/document.ts';
import { renderPdf, type ReportFonts } from '../../../src/reports/pdf/render.ts';
import { pdfInfo, pdfPages, pdfText } from '../../helpers/pdf.ts';

const creationDate = new Date('2026-05-01T10:00:00Z');
let fonts: ReportFonts;
beforeAll(() => {
  fonts = loadReportFonts();
});

const render = (doc: ReportDocument) => renderPdf(doc, fonts, { creationDate });
/** The text of each page, split on pdftotext's form feeds. */
const pagesOf = async (bytes: Uint8Array) => (await pdfText(bytes)).split('\f').slice(0, -1);
const squash = (s: string) => s.replace(/\s+/g, '');

const report = (blocks: Block[], extra: Partial<ReportDocument> = {}): ReportDocument => ({
  title: 'Scope document for Acme',
  subtitle: 'Soffront to Freshsales',
  meta: [
    { label: 'Customer', value: 'Acme Corp' },
    { label: 'Scope', value: 'scp_0001' },
  ],
  header: 'RunningHeader Acme v3',
  blocks,
  ...extra,
});

const URL_300 = `https://example.com/exports/${'a1b2c3d4e5'.repeat(27)}`.slice(0, 300);

const everyKind: Block[] = [
  { kind: 'heading', text: 'Section One Heading', level: 1 },
  { kind: 'paragraph', text: 'Plain paragraph text.' },
  { kind: 'paragraph', text: 'Muted paragraph text.', tone: 'muted' },
  { kind: 'paragraph', text: 'Warning paragraph text.', tone: 'warning' },
  { kind: 'heading', text: 'Subsection Heading', level: 2 },
  { kind: 'bullets', items: ['First bullet item', 'Second bullet item'] },
  { kind: 'heading', text: 'Third Level Heading', level: 3 },
  { kind: 'keyValue', rows: [{ label: 'Binding limit', value: 'Pro plan 2000 calls per hour' }, { label: 'Empty value', value: '' }] },
  {
    kind: 'table',
    caption: 'Small table caption',
    columns: [{ label: 'Object', width: 2 }, { label: 'Records', width: 1, align: 'right' }, { label: 'Note', width: 3 }],
    rows: [
      { cells: ['Contacts', '12,000', 'maps one to one'] },
      { cells: ['Deals', '800', ''], tone: 'strong' },
      { cells: ['Notes', '5', 'not portable'], tone: 'warning' },
      { cells: ['Tasks', '0', 'skipped'], tone: 'muted' },
    ],
  },
  { kind: 'table', columns: [{ label: 'Lonely column', width: 1 }], rows: [], emptyText: 'No gotchas found.' },
  {
    kind: 'gantt',
    caption: 'Timeline caption',
    unit: 'days',
    bars: [
      { label: 'Kick-off call', start: 0, end: 1 },
      { label: 'Export request', start: 1, end: 8, endMax: 22, tone: 'critical' },
      { label: 'Sample run', start: 8, end: 9.5, tone: 'muted' },
      { label: 'Go-live', start: 14, end: 14 },
    ],
  },
  { kind: 'gantt', unit: 'hours', bars: [{ label: 'Full load', start: 0, end: 36 }] },
  {
    kind: 'barChart',
    caption: 'Reconciliation caption',
    series: ['Source count', 'Loaded count'],
    groups: [
      { label: 'Contacts group', values: [12000, 11950] },
      { label: 'Accounts group', values: [3400, 0] },
    ],
  },
  { kind: 'callout', title: 'Callout title', text: 'Callout body text.', tone: 'warning' },
  { kind: 'callout', title: 'Info title', text: 'Info body.', tone: 'info' },
  { kind: 'callout', title: 'Success title', text: 'Success body.', tone: 'success' },
  { kind: 'pageBreak' },
  { kind: 'paragraph', text: 'After the page break.' },
];

describe('renderPdf', () => {
  it('renders every block kind, with metadata and a "Page X of Y" footer on each page', async () => {
    const bytes = await render(report(everyKind));
    const [pages, count, info] = await Promise.all([pagesOf(bytes), pdfPages(bytes), pdfInfo(bytes)]);
    const text = pages.join('\n');
    expect(info).toMatchObject({ Title: 'Scope document for Acme', Creator: 'Ferry', 'Page size': expect.stringContaining('(A4)') });
    expect(pages).toHaveLength(count);
    for (const s of [
      'Scope document for Acme', 'Soffront to Freshsales', 'CUSTOMER', 'Acme Corp', 'scp_0001',
      'Section One Heading', 'Subsection Heading', 'Third Level Heading',
      'Plain paragraph text.', 'Muted paragraph text.', 'Warning paragraph text.',
      'First bullet item', 'Second bullet item', 'Binding limit', 'Pro plan 2000 calls per hour',
      'Small table caption', 'Object', 'Records', 'Contacts', '12,000', 'maps one to one', 'not portable', 'skipped',
      'Lonely column', 'No gotchas found.',
      'Timeline caption', 'Kick-off call', 'Export request', 'Sample run', 'Go-live', 'days', 'hours', 'Full load',
      'Reconciliation caption', 'Source count', 'Loaded count', 'Contacts group', '11,950', '3,400',
      'Callout title', 'Callout body text.', 'Info title', 'Success title', 'After the page break.',
    ]) {
      expect(text).toContain(s);
    }
    // Gantt values: start–end, a single value for a zero-length phase, the range tail, hours.
    for (const s of ['0–1 d', '1–8 d (≤22)', '8–9.5 d', '14 d', '0–36 h']) expect(text).toContain(s);
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${count}`));
    // The running header is on every page but the first.
    expect(pages[0]).not.toContain('RunningHeader');
    pages.slice(1).forEach((p) => expect(p).toContain('RunningHeader Acme v3'));
    // The page break puts what follows on a page of its own.
    expect(pages.at(-1)).toContain('After the page break.');
    expect(pages.at(-1)).not.toContain('Success title');
  });

  it('repeats the header row on every page of a 200-row table and keeps every cell', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      cells: [`key${i}x`, `value${i}y`, i % 10 === 0 ? `note ${i} ${'with a longer text that wraps over lines '.repeat(3)}end${i}z` : `n${i}z`],
    }));
    const bytes = await render(
      report([{ kind: 'table', columns: [{ label: 'KeyHeader', width: 1 }, { label: 'ValueHeader', width: 1 }, { label: 'NoteHeader', width: 3 }], rows }]),
    );
    const pages = await pagesOf(bytes);
    expect(pages.length).toBe(await pdfPages(bytes));
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const text = pages.join('\n');
    for (let i = 0; i < 200; i++) {
      expect(text).toMatch(new RegExp(`\\bkey${i}x\\b`));
      expect(text).toMatch(new RegExp(`\\bvalue${i}y\\b`));
      expect(text).toMatch(new RegExp(`\\b(n|end)${i}z\\b`));
    }
    const withRows = pages.filter((p) => /\bkey\d+x\b/.test(p));
    expect(withRows).toHaveLength(pages.length);
    for (const p of withRows) expect(p).toMatch(/KeyHeader\s+ValueHeader\s+NoteHeader/);
    // Rows come in order and none is repeated across a page break.
    const keys = [...text.matchAll(/\bkey(\d+)x\b/g)].map((m) => Number(m[1]));
    expect(keys).toEqual(rows.map((_, i) => i));
  });

  it('splits a row taller than a page across pages without losing or repeating a word', async () => {
    const words = Array.from({ length: 2500 }, (_, i) => `w${String(i).padStart(4, '0')}`);
    const bytes = await render(
      report([
        {
          kind: 'table',
          columns: [{ label: 'Item', width: 1 }, { label: 'Very long text', width: 4 }],
          rows: [{ cells: ['giant row', words.join(' ')] }, { cells: ['next row', 'short'] }],
        },
      ]),
    );
    const pages = await pagesOf(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect([...pages.join('\n').matchAll(/\bw\d{4}\b/g)].map((m) => m[0])).toEqual(words);
    pages.slice(1).forEach((p) => expect(p).toContain('Very long text'));
    expect(pages.at(-1)).toContain('next row');
  });

  it('keeps unicode names and wraps a 300-character unbroken URL without losing it', async () => {
    const names = ['Zoë Ørsted', 'Łukasz Żółć', 'Привет Мир', 'Ελληνικά'];
    const bytes = await render(
      report(
        [
          { kind: 'paragraph', text: `Export link: ${URL_300}` },
          { kind: 'table', columns: [{ label: 'Owner', width: 1 }, { label: 'Link', width: 2 }], rows: [{ cells: [names[0], URL_300] }] },
          { kind: 'bullets', items: [...names, '北京 office'] },
        ],
        { meta: [{ label: 'Customer', value: 'Zoë Ørsted' }] },
      ),
    );
    const text = await pdfText(bytes);
    for (const n of names) expect(text).toContain(n);
    const flat = squash(text);
    // Once in the paragraph, once in the table's last column.
    expect(flat.split(URL_300)).toHaveLength(3);
    expect(text).not.toContain(URL_300); // it really was wrapped
  });

  it('keeps a heading on the same page as the block after it', async () => {
    let pushed = 0;
    for (let fillers = 22; fillers <= 28; fillers++) {
      const blocks: Block[] = Array.from({ length: fillers }, (_, i) => ({ kind: 'paragraph', text: `Filler ${i}` }) as const);
      blocks.push({ kind: 'heading', text: 'Kept Heading', level: 2 }, { kind: 'paragraph', text: 'Follower paragraph. '.repeat(20) });
      const pages = await pagesOf(await render(report(blocks)));
      const at = (s: string) => pages.findIndex((p) => p.includes(s));
      expect(at('Kept Heading'), `${fillers} fillers`).toBe(at('Follower paragraph.'));
      if (at('Kept Heading') > at(`Filler ${fillers - 1}`)) pushed++;
    }
    // At least one layout put the heading where it would have been left alone at the bottom.
    expect(pushed).toBeGreaterThan(0);
  });

  it('gives the same text for the same document and creation date', async () => {
    const doc = report(everyKind);
    const [a, b] = await Promise.all([render(doc), render(doc)]);
    expect(await pdfText(a)).toBe(await pdfText(b));
    expect((await pdfInfo(a)).CreationDate).toBe((await pdfInfo(b)).CreationDate);
  });

  it('names the block and field when the data is inconsistent', async () => {
    const table: Block = { kind: 'table', columns: [{ label: 'A', width: 1 }, { label: 'B', width: 1 }], rows: [{ cells: ['only one'] }] };
    await expect(render(report([{ kind: 'paragraph', text: 'x' }, table]))).rejects.toThrow(
      'blocks[1] (table): rows[0] has 1 cells, expected 2 (one per column)',
    );
    await expect(render(report([{ kind: 'gantt', unit: 'days', bars: [{ label: 'Load', start: 5, end: 2 }] }]))).rejects.toThrow(
      'blocks[0] (gantt): bars[0] ("Load") ends at 2, before its start 5',
    );
    await expect(
      render(report([{ kind: 'barChart', series: ['a', 'b'], groups: [{ label: 'Contacts', values: [1, Number.NaN] }] }])),
    ).rejects.toThrow('blocks[0] (barChart): groups[0].values[1] is NaN, expected a finite number');
    await expect(render(report([{ kind: 'table', columns: [{ label: 'A', width: 0 }], rows: [] }]))).rejects.toThrow(
      'blocks[0] (table): columns[0].width is 0, expected a positive weight',
    );
  });
});
