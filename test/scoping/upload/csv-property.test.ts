import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TableRecord } from '../../../src/scoping/upload/index.ts';
import { read, utf8 } from './helpers.ts';

const DELIMITERS = [',', ';', '\t', '|'];
const NEEDS_QUOTES = /[,;\t|"\r\n]/; // any candidate delimiter is quoted, so only the real one can split the sample

// Cells mix the characters that stress a CSV reader with arbitrary (well-formed) unicode text.
const piece = fc.oneof(
  fc.constantFrom(',', ';', '\t', '|', '"', '""', '\r', '\n', '\r\n', ' ', 'a', 'Zoë', '€', '😀', '名前', 'x y'),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const cell = fc.array(piece, { maxLength: 5 }).map((p) => p.join(''));
// Headers hold no candidate delimiter (else the delimiter is ambiguous by nature); they may hold quotes and line breaks.
const header = fc
  .array(fc.oneof(fc.constantFrom('"', '\r\n', '\n', ' ', 'Nom', 'é', '😀'), fc.string({ unit: 'grapheme', maxLength: 5 })), { minLength: 1, maxLength: 4 })
  .map((p) => p.join('').replace(/[,;\t|]/g, '_'))
  .filter((h) => h.trim() !== '');

const table = fc.integer({ min: 1, max: 6 }).chain((cols) =>
  fc.record({
    headers: fc.uniqueArray(header, { minLength: cols, maxLength: cols, selector: (h) => h.trim() }),
    rows: fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 12 }),
    delimiter: fc.constantFrom(...DELIMITERS),
    eol: fc.constantFrom('\r\n', '\n', '\r'),
    bom: fc.boolean(),
    finalEol: fc.boolean(),
    blankLines: fc.array(fc.nat(3), { minLength: 14, maxLength: 14 }), // blank lines before each row
    quoteAll: fc.boolean(),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), // chunk edges, as fractions of the file
  }),
);

const breaks = (s: string) => s.match(/\r\n|\r|\n/g)?.length ?? 0;

describe('CSV round trip (property)', () => {
  it('returns exactly the cells written, at the lines they start on, for any delimiter, line ending, BOM and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const quote = (c: string) =>
          t.quoteAll || NEEDS_QUOTES.test(c) || (c === '' && t.headers.length === 1) ? `"${c.replaceAll('"', '""')}"` : c;
        let text = t.headers.map(quote).join(t.delimiter) + t.eol;
        const lines: number[] = [];
        t.rows.forEach((row, i) => {
          text += t.eol.repeat(t.blankLines[i]!);
          lines.push(breaks(text) + 1);
          text += row.map(quote).join(t.delimiter) + (i < t.rows.length - 1 || t.finalEol ? t.eol : '');
        });
        const bytes = utf8((t.bom ? '\uFEFF' : '') + text);

        const names = t.headers.map((h) => h.trim());
        const toRecord = (cells: string[]): TableRecord => Object.fromEntries(cells.flatMap((c, i) => (c === '' ? [] : [[names[i]!, c]])));
        const expected = t.rows.map((row, i) => [lines[i], toRecord(row)]);

        const got = await read('export.csv', bytes, { cuts: t.cuts.map((f) => Math.floor(f * bytes.length)) });
        expect(got.rows).toEqual(expected);
        expect(got.meta).toMatchObject({
          headers: names,
          bom: t.bom,
          encoding: 'utf-8',
          lineEnding: { '\r\n': 'crlf', '\n': 'lf', '\r': 'cr' }[t.eol],
          ...(t.headers.length > 1 ? { delimiter: t.delimiter } : {}),
        });

        // csv-parse reads the same text to the same cells.
        const oracle: string[][] = parse(text, { delimiter: t.delimiter, relax_column_count: true, skip_empty_lines: true });
        expect(oracle[0]!.map((h) => h.trim())).toEqual(names);
        expect(oracle.slice(1).map((r) => [toRecord(r)])).toEqual(got.rows.map(([, r]) => [r]));
      }),
      { numRuns: 200 },
    );
  });
});
