import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/reports/csv.ts';
import { auditCsv, quarantineCsv, reconciliationCsv, warningsCsv } from '../../../src/reports/run/index.ts';
import { auditRows, QUARANTINED, reconciliation } from './fixtures.ts';

const rowsOf = (csv: string): string[][] => parse(csv);
const recordsOf = (csv: string): Record<string, string>[] => parse(csv, { columns: true });

describe('toCsv', () => {
  it('writes RFC 4180 (CRLF, quotes doubled, fields with , " CR LF quoted) that csv-parse reads back cell for cell', () => {
    const rows = [
      ['plain', 'with, comma', 'with "quotes"', 'two\nlines', 'cr\r\nlf', 'Zoë Ångström-Weiß · Παπαδοπούλου · Анастасия 🚀', ''],
      [' padded ', 'a=b', 'x-y', 'mail@example.com', '"', ',', '\n'],
    ];
    const csv = toCsv(['a', 'b', 'c', 'd', 'e', 'f', 'g'], rows);
    expect(csv.startsWith('a,b,c,d,e,f,g\r\nplain,"with, comma","with ""quotes""","two\nlines"')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(rowsOf(csv)).toEqual([['a', 'b', 'c', 'd', 'e', 'f', 'g'], ...rows]);
  });

  it('writes numbers, booleans and null as data', () => {
    const csv = toCsv(['n', 'neg', 'frac', 'yes', 'no', 'nothing', 'undef'], [[0, -5, 3.25, true, false, null, undefined]]);
    expect(rowsOf(csv)[1]).toEqual(['0', '-5', '3.25', 'true', 'false', '', '']);
  });

  it('neutralises text a spreadsheet would run as a formula, and leaves plain signed numbers alone', () => {
    const cells = {
      '=HYPERLINK("http://evil.example","Klick")': `'=HYPERLINK("http://evil.example","Klick")`,
      '=1+1': `'=1+1`,
      '+SUM(A1:A9)': `'+SUM(A1:A9)`,
      '-2+3': `'-2+3`,
      '@cmd': `'@cmd`,
      '\t=1': `'\t=1`,
      '\r=1': `'\r=1`,
      '+44 20 7946 0958': `'+44 20 7946 0958`,
      '-': `'-`,
      '-5': '-5',
      '+1.25': '+1.25',
      '-3e4': '-3e4',
      'a=b': 'a=b',
      ' =1': ' =1',
      "'already": "'already",
    };
    const csv = toCsv(['value'], Object.keys(cells).map((c) => [c]));
    expect(rowsOf(csv).slice(1).map((r) => r[0])).toEqual(Object.values(cells));
    // The header line is data from the caller too.
    expect(rowsOf(toCsv(['=x'], []))).toEqual([["'=x"]]);
  });

  it('refuses a row with the wrong number of cells and a number that is not finite, naming where', () => {
    expect(() => toCsv(['a', 'b'], [['1', '2'], ['3']])).toThrow('CSV row 2 has 1 cells, expected 2 (a, b)');
    expect(() => toCsv(['a', 'b'], [['1', Number.NaN]])).toThrow('row 1 cell 2 is NaN');
  });
});

describe('run CSVs', () => {
  it('reconciliationCsv has one row per object with every count', () => {
    const rec = reconciliation();
    const out = recordsOf(reconciliationCsv(rec));
    expect(out).toHaveLength(rec.objects.length);
    expect(out[1]).toEqual({
      object: 'contact', entity: 'contacts', source_rows: '48210', quarantined: '87', merged: '310', created: '47000', updated: '813',
      skipped: '0', conflicts: '0', read_back: '47813', missing: '0', hash_matched: '47813', hash_mismatched: '0', ok: 'true',
    });
  });

  it('quarantineCsv lists every quarantined row in full, with formula-like reasons neutralised', () => {
    const base = reconciliation();
    const rec = reconciliation({
      quarantine: [...base.quarantine, { object: 'contact', file: 'Kontakte, alt.csv', line: 9999, sourceKey: '=1+2', column: null, reason: '=HYPERLINK("http://evil.example") in Firma' }],
    });
    const out = recordsOf(quarantineCsv(rec));
    expect(out).toHaveLength(QUARANTINED + 1);
    expect(out[0]).toEqual({ object: 'contact', file: 'Kontakte.csv', line: '10', source_key: '', column: 'E-Mail', reason: 'E-Mail "müller0@" is not an address' });
    expect(out[2]).toMatchObject({ object: 'deal', file: 'Verkaufschancen.csv', line: '1002', source_key: 'V-5002', column: 'Betrag' });
    expect(out.at(-1)).toEqual({ object: 'contact', file: 'Kontakte, alt.csv', line: '9999', source_key: "'=1+2", column: '', reason: `'=HYPERLINK("http://evil.example") in Firma` });
  });

  it('warningsCsv lists every warning in full, one line each, with formula-like values neutralised', () => {
    const rec = reconciliation({
      warnings: [{ object: 'deal', file: 'Verkaufschancen.csv', line: 1007, sourceKey: 'V-5007', column: 'Kontakt', value: '=C-90001', reason: 'loaded without its contact' }],
    });
    expect(recordsOf(warningsCsv(rec))).toEqual([{ object: 'deal', file: 'Verkaufschancen.csv', line: '1007', source_key: 'V-5007', column: 'Kontakt', value: "'=C-90001", reason: 'loaded without its contact' }]);
    // A reconciliation stored before warnings existed has none to list.
    expect(recordsOf(warningsCsv(reconciliation()))).toEqual([]);
  });

  it('auditCsv keeps before-images byte for byte and neutralises notes that read as formulas', () => {
    const rows = auditRows();
    const out = recordsOf(auditCsv(rows));
    expect(out).toHaveLength(2);
    expect(out[0]).toEqual({
      seq: '1', at: '2026-05-01T08:10:00.000Z', object: 'company', entity: 'sales_accounts', source_key: 'F-1', destination_id: '9001', op: 'created',
      batch_key: 'company:0001', before: '', undo: '', undo_note: '', undone_at: '',
    });
    expect(JSON.parse(out[1].before)).toEqual(JSON.parse(rows[1].before!));
    expect(out[1]).toMatchObject({ op: 'updated', undo: 'restored', undo_note: "'-changed by owner, restored anyway", undone_at: '2026-05-02T07:00:00.000Z' });
  });
});
