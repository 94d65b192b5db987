import { describe, expect, it } from 'vitest';
import { sampleDiffReport } from '../../../src/reports/run/index.ts';
import { MAX_CELL } from '../../../src/reports/run/values.ts';
import { LONG_NOTE, sampleDiff } from './fixtures.ts';
import { blocksOf, rendered } from './render.ts';

describe('sampleDiffReport', () => {
  it('has one table per record with source, expected and actual values, mismatches marked and called out', () => {
    const doc = sampleDiffReport(sampleDiff());
    const tables = blocksOf(doc, 'table');
    expect(tables).toHaveLength(3);
    expect(tables[0].columns.map((c) => c.label)).toEqual(['Field', 'Source value', 'Expected in Freshsales', 'Actual in Freshsales', 'Match']);
    const mobile = tables[0].rows[3];
    expect(mobile).toEqual({ cells: ['Mobile\n← Handy', '0171 2345678', '+49 171 2345678', '+491712345678', '✗'], tone: 'warning' });
    expect(tables[0].rows[0]).toMatchObject({ cells: ['First name\n← Vorname', 'Zoë', 'Zoë', 'Zoë', '✓'], tone: 'normal' });
    // A derived field has no source column.
    expect(tables[0].rows[5].cells[0]).toBe('Ferry source id');
    const callouts = blocksOf(doc, 'paragraph').map((p) => p.text);
    expect(callouts).toContain('2 of 6 fields differ: Mobile, Notes.');
    expect(blocksOf(doc, 'callout')[0]).toMatchObject({ tone: 'warning', text: '3 of 11 fields differ, in contact C-10001, company F-204. Not found in Freshsales: company F-204.' });
  });

  it('cuts long values with an ellipsis, keeping the place where expected and actual part in view', () => {
    const [source, expected, actual] = blocksOf(sampleDiffReport(sampleDiff()), 'table')[0].rows[4].cells.slice(1);
    expect(source.endsWith('…')).toBe(true);
    expect(source.length).toBe(MAX_CELL + 1);
    expect(LONG_NOTE.startsWith(source.slice(0, -1))).toBe(true);
    expect(expected.startsWith('…') && expected.endsWith('ENDE-A')).toBe(true);
    expect(actual.startsWith('…') && actual.endsWith('ENDE-B')).toBe(true);
  });

  it('says so when every field matches', () => {
    const diff = sampleDiff();
    diff.records = diff.records.slice(1);
    diff.summary = { records: 2, fields: 5, mismatches: 0 };
    diff.records[0].fields = diff.records[0].fields.map((f) => ({ ...f, match: true }));
    diff.records[1].destinationId = '9001';
    diff.records[1].fields = diff.records[1].fields.map((f) => ({ ...f, actual: f.expected, match: true }));
    expect(blocksOf(sampleDiffReport(diff), 'callout')[0]).toMatchObject({ title: 'Every field matches', tone: 'success' });
  });

  it('renders to a short PDF that shows every record, value and mark', async () => {
    const { raw, pages } = await rendered(sampleDiffReport(sampleDiff()));
    const text = raw.replace(/\s+/g, ' '); // in drawing order a wrapped cell's lines stay together
    for (const s of [
      'Sample run: field by field', 'Müller & Söhne GmbH', 'run_7QmV2kXc', 'sample run of scope v3',
      'contact C-10001', 'contact C-10002', 'company F-204', 'Kontakte.csv line 2', 'Freshsales contacts 70001', '(not found in Freshsales)',
      'Zoë', 'Ångström-Weiß', 'Анастасия', 'Παπαδοπούλου', '+49 171 2345678', '+491712345678', 'Bäckerei Schmitz KG', '(none)', '(empty)',
      'VIP; Messe 2024', '✓', '✗', '2 of 6 fields differ: Mobile, Notes.', 'Records compared',
    ]) expect(text).toContain(s);
    expect(raw).toContain('ENDE-A');
    expect(raw).toContain('ENDE-B');
    expect(raw.replace(/\s+/g, '')).not.toContain(LONG_NOTE.replace(/\s+/g, ''));
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(3);
  });
});
