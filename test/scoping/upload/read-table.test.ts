import { describe, expect, it } from 'vitest';
import { DEFAULT_UPLOAD_LIMITS, readTable } from '../../../src/scoping/upload/index.ts';
import { read, readError, utf8 } from './helpers.ts';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

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

describe('encodings', () => {
  it('decodes a Windows-1252 file (é, €, curly quotes) and says so', async () => {
    const file = bytes('name,city,note\r\nJos', [0xe9], ',M', [0xfc], 'nchen,', [0x80, 0x20, 0x35, 0x20, 0x93, 0x6f, 0x6b, 0x94], '\r\n');
    const r = await read('contacts.csv', file);
    expect(r.rows).toEqual([[2, { name: 'José', city: 'München', note: '€ 5 “ok”' }]]);
    expect(r.meta).toMatchObject({ encoding: 'windows-1252', bom: false, lineEnding: 'crlf', delimiter: ',' });
  });

  it('switches to Windows-1252 for the whole file when the first non-ASCII byte comes late', async () => {
    const head = 'id,name\n' + Array.from({ length: 200 }, (_, i) => `${i + 1},plain\n`).join('');
    const r = await read('late.csv', bytes(head, '201,Ren', [0xe9], '\n'), { cuts: [head.length + 3] });
    expect(r.meta?.encoding).toBe('utf-8'); // what was known when the first row went out
    expect(r.summaryMeta.encoding).toBe('windows-1252');
    expect(r.rows.at(-1)).toEqual([202, { id: '201', name: 'René' }]);
  });

  it('decodes UTF-16LE and UTF-16BE files with a BOM, split at odd offsets', async () => {
    for (const le of [true, false]) {
      const r = await read('u16.csv', utf16('Name\tCity\r\nZoë\t東京 😀\r\n', le), { cuts: [3, 7, 29, 30] });
      expect(r.rows).toEqual([[2, { Name: 'Zoë', City: '東京 😀' }]]);
      expect(r.meta).toMatchObject({ encoding: le ? 'utf-16le' : 'utf-16be', bom: true, delimiter: '\t' });
    }
  });

  it('strips a UTF-8 BOM from the first header', async () => {
    const r = await read('bom.csv', '\uFEFFEmail,Name\na@x.io,A\n');
    expect(r.meta).toMatchObject({ bom: true, encoding: 'utf-8', headers: ['Email', 'Name'] });
  });

  it('reads a multibyte character split across chunks, at every split point', async () => {
    const file = utf8('a,b\n€😀,é\n');
    for (let cut = 1; cut < file.length; cut++) expect((await read('s.csv', file, { cuts: [cut] })).rows).toEqual([[2, { a: '€😀', b: 'é' }]]);
  });

  it('rejects a file that mixes UTF-8 and another encoding, naming the line of the bad byte', async () => {
    const e = await readError('mixed.csv', bytes('name\nZoë\nAnn\nJos', [0xe9], '\n'));
    expect(e).toMatchObject({ code: 'BAD_UPLOAD', status: 400, details: [{ file: 'mixed.csv', line: 4 }] });
    expect(e.message).toContain('invalid UTF-8 byte 0xE9');
    expect(e.message).toContain('mixes encodings');
  });

  it('rejects invalid UTF-8 in a file that starts with a UTF-8 BOM', async () => {
    const e = await readError('bom.csv', bytes([0xef, 0xbb, 0xbf], 'name\r\nJos', [0xe9], '\r\n'));
    expect(e.details).toEqual([expect.objectContaining({ line: 2, reason: expect.stringContaining('0xE9') })]);
  });

  it('rejects bytes Windows-1252 leaves undefined, with their line', async () => {
    const e = await readError('cp.csv', bytes('name\nJos', [0xe9], '\nx', [0x81], '\n'));
    expect(e).toMatchObject({ status: 400, details: [{ file: 'cp.csv', line: 3, reason: expect.stringContaining('0x81') }] });
  });
});

describe('not a table', () => {
  it.each([
    ['contacts.csv', bytes('PK', [3, 4, 20, 0, 6, 0]), 'Excel workbook'],
    ['contacts.xlsx', bytes('anything'), 'Excel workbook: save it as CSV'],
    ['old.csv', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'Excel 97-2003 workbook'],
    ['scan', bytes('%PDF-1.7\n'), 'PDF'],
    ['contacts.csv', bytes('name\n', [0], 'x\n'), 'NUL byte at offset 5'],
    ['wide.csv', bytes([0x6e, 0, 0x61, 0, 0x6d, 0, 0x65, 0, 0x0a, 0]), 'UTF-16 text without a byte-order mark'],
  ])('%s → %s', async (name, content, words) => {
    const e = await readError(name, content);
    expect(e).toMatchObject({ code: 'BAD_UPLOAD', status: 400, details: [{ file: name }] });
    expect(e.message).toContain('not a CSV or JSON file');
    expect(e.message).toContain(words);
  });
});

describe('CSV', () => {
  it('detects ; with decimal commas, tab and pipe; keeps whitespace and literal mid-cell quotes', async () => {
    expect((await read('a.csv', 'Name;Amount\nA; 1,5\nB;2,25\n')).rows).toEqual([
      [2, { Name: 'A', Amount: ' 1,5' }],
      [3, { Name: 'B', Amount: '2,25' }],
    ]);
    expect((await read('b.tsv', 'a\tb\n1\t2\n')).meta?.delimiter).toBe('\t');
    expect((await read('c.txt', 'a|b\n1|2\n')).meta?.delimiter).toBe('|');
    expect((await read('d.csv', 'size,item\n27" screen,TV\n')).rows).toEqual([[2, { size: '27" screen', item: 'TV' }]]);
  });

  it('reads a single-column file', async () => {
    const r = await read('emails.csv', 'email\na@x.io\nb@y.io');
    expect(r.meta).toMatchObject({ delimiter: ',', headers: ['email'], lineEnding: 'lf' });
    expect(r.rows).toEqual([
      [2, { email: 'a@x.io' }],
      [3, { email: 'b@y.io' }],
    ]);
  });

  it('names empty headers column_<n>, suffixes duplicates, and leaves out missing and empty cells', async () => {
    const r = await read('h.csv', ' ,name,name, Name ,name (2)\r1,2\r\r3,,4,5,6\r');
    expect(r.meta?.headers).toEqual(['column_1', 'name', 'name (3)', 'Name', 'name (2)']);
    expect(r.meta?.lineEnding).toBe('cr');
    expect(r.rows).toEqual([
      [2, { column_1: '1', name: '2' }],
      [4, { column_1: '3', 'name (3)': '4', Name: '5', 'name (2)': '6' }],
    ]);
  });

  it('counts a quoted line break as a line', async () => {
    const r = await read('q.csv', 'id,note\r\n1,"two\r\nlines"\r\n2,x\r\n');
    expect(r.rows.map(([line]) => line)).toEqual([2, 4]);
  });

  it.each([
    ['unterminated quote', 'a,b\n1,2\n3,"open\n4,5\n', 3, 'unterminated quoted cell starting at line 3'],
    ['extra cells', 'a,b,c\n1,2,3\n1,2,3,4\n', 3, 'row has 4 cells, header has 3'],
    ['text after a closing quote', 'a,b\n"x"y,2\n', 2, 'unexpected character "y" after the closing quote'],
  ])('%s → error at its line', async (_, text, line, reason) => {
    const e = await readError('bad.csv', text);
    expect(e).toMatchObject({ code: 'BAD_UPLOAD', status: 400, details: [{ file: 'bad.csv', line, reason: expect.stringContaining(reason) }] });
  });

  it.each([
    ['empty', ''],
    ['blank', ' \r\n\n'],
    ['header only', 'name,email\n'],
  ])('%s file → no rows', async (_, text) => {
    const e = await readError('x.csv', text);
    expect(e).toMatchObject({ code: 'BAD_UPLOAD', details: [{ file: 'x.csv', reason: expect.stringContaining('no rows') }] });
  });
});

describe('JSON and NDJSON', () => {
  it('flattens nested objects, stringifies scalars, keeps arrays, drops null and ""', async () => {
    const json = `[
  {"name": {"first": "Ann", "last": "Lee"}, "tags": ["vip", 7, null, ""], "n": 1.50, "ok": false,
   "gone": null, "empty": "", "addr": [{"city": "Oslo", "zip": ["0150"]}], "big": 12345678901234567890},
  {"name": {"first": "Bo"}, "esc": "a\\"b\\u00e9\\n"}
]`;
    const r = await read('people.json', json);
    expect(r.rows).toEqual([
      [2, { 'name.first': 'Ann', 'name.last': 'Lee', tags: ['vip', '7'], n: '1.50', ok: 'false', addr: ['{"city":"Oslo","zip":["0150"]}'], big: '12345678901234567890' }],
      [4, { 'name.first': 'Bo', esc: 'a"bé\n' }],
    ]);
    expect(r.meta).toMatchObject({ format: 'json', headers: ['name.first', 'name.last', 'tags', 'n', 'ok', 'addr', 'big'] });
    expect(r.summaryMeta.headers).toEqual(['name.first', 'name.last', 'tags', 'n', 'ok', 'addr', 'big', 'esc']);
  });

  it('finds the one array of records in a wrapper object, skipping the other properties', async () => {
    const json = '{"meta": {"page": 1, "list": [{"x": 1}]},\n "ids": [1, 2],\n "contacts": [\n  {"id": 1},\n  {"id": 2}\n ]}';
    expect((await read('export.json', json)).rows).toEqual([
      [4, { id: '1' }],
      [5, { id: '2' }],
    ]);
  });

  it('rejects a wrapper with two arrays of records', async () => {
    const e = await readError('two.json', '{"contacts": [{"a": 1}],\n "deals": [{"b": 2}]}');
    expect(e.message).toMatch(/more than one array of records.*contacts.*deals/);
  });

  it('reads NDJSON line by line, skipping blank lines', async () => {
    const r = await read('rows.ndjson', '{"a": 1}\r\n\r\n{"a": 2, "b": {"c": true}}\r\n');
    expect(r.rows).toEqual([
      [1, { a: '1' }],
      [3, { a: '2', 'b.c': 'true' }],
    ]);
    expect(r.meta).toMatchObject({ format: 'ndjson', lineEnding: 'crlf' });
  });

  it('names the bad line of an NDJSON file', async () => {
    const e = await readError('rows.jsonl', '{"a": 1}\n{"a": 2}\n{"a": 3,\n{"a": 4}\n');
    expect(e).toMatchObject({ code: 'BAD_UPLOAD', status: 400, details: [{ file: 'rows.jsonl', line: 3 }] });
  });

  it('names line and position of a JSON syntax error', async () => {
    const e = await readError('bad.json', '[\n  {"a": 1},\n  {"a": 2,}\n]');
    expect(e.details).toEqual([{ file: 'bad.json', line: 3, position: 11, reason: expect.stringContaining('trailing comma') }]);
    expect((await readError('cut.json', '[{"a": 1},\n {"a": "x')).details[0]).toMatchObject({ line: 2, reason: expect.stringContaining('ends inside the string') });
  });

  it('rejects elements that are not objects, with their line', async () => {
    const e = await readError('arr.json', '[{"a": 1},\n "two"]');
    expect(e.details).toEqual([{ file: 'arr.json', line: 2, reason: 'expected an object (a record), found a string' }]);
    expect((await readError('x.ndjson', '{"a":1}\n[1]\n')).details[0]).toMatchObject({ line: 2 });
  });

  it('tells JSON from NDJSON by content when neither name nor type says', async () => {
    expect((await read('export', '  [{"a": 1}]')).meta?.format).toBe('json');
    expect((await read('export', '{"a": 1}\n{"a": 2}\n')).meta?.format).toBe('ndjson');
    expect((await read('export', '{"rows": [\n{"a": 1}]}')).meta?.format).toBe('json');
    expect((await read('export', '{"a": 1}\n', { contentType: 'application/x-ndjson' })).meta?.format).toBe('ndjson');
    expect((await read('export', 'a,b\n1,2\n')).meta?.format).toBe('csv');
  });

  it('rejects an empty array as no rows', async () => {
    expect((await readError('e.json', '{"contacts": []}')).message).toContain('no rows');
    expect((await readError('e.json', '[]')).message).toContain('no rows');
  });
});

describe('limits', () => {
  it('file bytes → 413 naming the file', async () => {
    const e = await readError('big.csv', 'a,b\n' + '1,2\n'.repeat(100), { limits: { maxFileBytes: 100 }, cuts: [50, 90, 120] });
    expect(e).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413, details: [{ file: 'big.csv', reason: 'file is larger than 100 bytes' }] });
  });

  it('rows → 400 at the first row over the limit', async () => {
    for (const [name, text] of [
      ['r.csv', 'a\n1\n2\n3\n'],
      ['r.ndjson', '{"a":1}\n{"a":2}\n{"a":3}\n'],
    ])
      expect(await readError(name!, text!, { limits: { maxRows: 2 } })).toMatchObject({
        code: 'BAD_UPLOAD',
        status: 400,
        details: [{ file: name, line: name!.endsWith('.csv') ? 4 : 3, reason: 'more than 2 rows' }],
      });
  });

  it('columns → 400 with the line', async () => {
    expect(await readError('c.csv', 'a,b,c,d\n1,2,3,4\n', { limits: { maxColumns: 3 } })).toMatchObject({
      status: 400,
      details: [{ file: 'c.csv', line: 1, reason: 'header has 4 columns; at most 3 are allowed' }],
    });
    expect(await readError('c.json', '[{"a":1,"b":2},\n{"c":3,"d":4}]', { limits: { maxColumns: 3 } })).toMatchObject({
      status: 400,
      details: [{ file: 'c.json', line: 2, column: 'd', reason: 'more than 3 columns' }],
    });
  });

  it('cell size → 400 with line and column', async () => {
    expect(await readError('s.csv', 'id,bio\n1,short\n2,"' + 'x'.repeat(11) + '"\n', { limits: { maxCellChars: 10 } })).toMatchObject({
      status: 400,
      details: [{ file: 's.csv', line: 3, column: 'bio' }],
    });
    expect(await readError('s.json', '[{"a": 1},\n {"tags": ["ok", "' + 'y'.repeat(11) + '"]}]', { limits: { maxCellChars: 10 } })).toMatchObject({
      status: 400,
      details: [{ file: 's.json', line: 2 }],
    });
    // An object inside an array is kept as JSON text, which counts against the limit too.
    expect(await readError('s.json', '[{"addr": [{"city": "Oslo", "zip": "0150"}]}]', { limits: { maxCellChars: 20 } })).toMatchObject({
      status: 400,
      details: [{ file: 's.json', line: 1, column: 'addr' }],
    });
  });

  it('streams 200,000 rows without keeping them', async () => {
    async function* body() {
      yield utf8('id,email,name\n');
      for (let b = 0; b < 200; b++) yield utf8(Array.from({ length: 1000 }, (_, i) => `${b * 1000 + i},u${i}@x.io,N\n`).join(''));
    }
    let rows = 0;
    let lastLine = 0;
    const summary = await readTable({ name: 'many.csv', body: body() }, DEFAULT_UPLOAD_LIMITS, {
      start() {},
      row(record, line) {
        rows++;
        lastLine = line;
      },
    });
    expect([rows, summary.rows, lastLine]).toEqual([200_000, 200_000, 200_001]);
  });
});
