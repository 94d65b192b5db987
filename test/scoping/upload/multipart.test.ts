import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_UPLOAD_LIMITS, type MultipartPart, readMultipart, readTable, UploadError, type UploadLimits } from '../../../src/scoping/upload/index.ts';
import { split, splitEvery, utf8 } from './helpers.ts';

const stream = (chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    pull(c) {
      const next = chunks.shift();
      if (next) c.enqueue(next);
      else c.close();
    },
  });

async function bytesOf(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(body).arrayBuffer());
}

async function concatAll(parts: AsyncIterable<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const c of parts) out.push(...c);
  return out;
}

interface Got {
  name: string;
  fileName?: string;
  contentType?: string;
  bytes: number[];
}

async function parts(chunks: Uint8Array[], contentType: string | undefined, limits: Partial<UploadLimits> = {}): Promise<Got[]> {
  const out: Got[] = [];
  for await (const p of readMultipart(stream(chunks), contentType, { ...DEFAULT_UPLOAD_LIMITS, ...limits })) {
    const { body, ...headers } = p;
    out.push({ ...headers, bytes: await concatAll(body) });
  }
  return out;
}

async function partsError(chunks: Uint8Array[], contentType: string | undefined, limits: Partial<UploadLimits> = {}): Promise<UploadError> {
  try {
    await parts(chunks, contentType, limits);
  } catch (e) {
    if (e instanceof UploadError) return e;
    throw e;
  }
  throw new Error('accepted');
}

async function formBody(form: FormData) {
  const res = new Response(form);
  return { contentType: res.headers.get('content-type')!, bytes: await bytesOf(res.body!) };
}

describe('readMultipart', () => {
  it('yields the parts and bytes of a browser-style FormData body, whatever the chunking (property)', async () => {
    const file = fc.record({
      name: fc.constantFrom('file', 'files', 'export'),
      fileName: fc.constantFrom('contacts.csv', 'deals "q4".json', 'Zoë ünïcode.ndjson', 'a\nb.csv'),
      bytes: fc.array(fc.oneof(fc.nat(255), fc.constantFrom(13, 10, 45)), { maxLength: 300 }),
    });
    const field = fc.record({
      name: fc.string({ unit: 'grapheme', maxLength: 8 }).map((n) => n.replaceAll('%', '')), // a literal %22 would read back as "
      text: fc.string({ unit: 'grapheme', maxLength: 40 }),
    });
    const sizes = fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(file, field), { maxLength: 5 }), sizes, async (fields, sizes) => {
        const form = new FormData();
        for (const f of fields) {
          if ('text' in f) form.append(f.name, f.text);
          else form.append(f.name, new Blob([new Uint8Array(f.bytes)], { type: 'text/csv' }), f.fileName);
        }
        const { contentType, bytes } = await formBody(form);
        const got = await parts(splitEvery(bytes, sizes), contentType);
        const crlf = (s: string) => s.replace(/\r\n?|\n/g, '\r\n'); // FormData's own normalisation of text entries
        expect(got).toEqual(
          fields.map((f) =>
            'text' in f
              ? { name: crlf(f.name), bytes: [...utf8(crlf(f.text))] }
              : { name: f.name, fileName: f.fileName, contentType: 'text/csv', bytes: f.bytes },
          ),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('finds the boundary at every chunk edge and ignores look-alikes inside the content', async () => {
    const content = 'x\r\n--Xy\r\n--XyQ\n--XyZ\r--XyZ a--XyZ\r\n'; // every near-delimiter except CRLF--XyZ itself
    const body = utf8(
      'preamble\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\nContent-Type: text/csv\r\n\r\n' +
        content +
        '\r\n--XyZ  \r\ncontent-disposition: form-data; name=note\r\n\r\nhi\r\n--XyZ--\r\nepilogue',
    );
    const expected = [
      { name: 'file', fileName: 'c.csv', contentType: 'text/csv', bytes: [...utf8(content)] },
      { name: 'note', bytes: [...utf8('hi')] },
    ];
    for (let a = 1; a < body.length; a++) expect(await parts(split(body, [a, a + 5]), 'multipart/form-data; boundary="XyZ"')).toEqual(expected);
  });

  it('skips bodies the reader leaves unread, and refuses to read one after moving on', async () => {
    const form = new FormData();
    form.append('a', new Blob(['1,2\n'.repeat(5000)]), 'a.csv');
    form.append('b', new Blob(['x']), 'b.csv');
    const { contentType, bytes } = await formBody(form);
    const seen: MultipartPart[] = [];
    for await (const p of readMultipart(stream(splitEvery(bytes, [1000])), contentType, DEFAULT_UPLOAD_LIMITS)) seen.push(p);
    expect(seen.map((p) => p.fileName)).toEqual(['a.csv', 'b.csv']);
    expect(() => seen[0]!.body[Symbol.asyncIterator]()).toThrow(/in order/);
  });

  it.each([
    [undefined, 415, 'no Content-Type'],
    ['application/json', 415, 'application/json'],
    ['multipart/form-data', 400, 'no boundary'],
    ['multipart/form-data; boundary=', 400, 'malformed'],
    ['multipart/form-data; boundary=' + 'b'.repeat(71), 400, 'malformed'],
    ['multipart/form-data; boundary="ends in space "', 400, 'malformed'],
  ])('Content-Type %s → %i', async (contentType, status, words) => {
    const e = await partsError([utf8('--b\r\n\r\nx\r\n--b--')], contentType);
    expect(e.status).toBe(status);
    expect(e.message).toContain(words);
  });

  it.each([
    ['a body without the boundary', '--other\r\n\r\nx\r\n--other--', 'does not contain the boundary'],
    ['a body cut inside a part', '--b\r\nContent-Disposition: form-data; name="f"; filename="a.csv"\r\n\r\nabc', 'ends inside multipart part 1'],
    ['a part without a name', '--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--', 'no Content-Disposition'],
    ['garbage after a boundary', '--b junk\r\n\r\nx\r\n--b--', 'malformed boundary line'],
  ])('%s → 400', async (_, body, words) => {
    const e = await partsError([utf8(body)], 'multipart/form-data; boundary=b');
    expect(e).toMatchObject({ code: 'BAD_UPLOAD', status: 400 });
    expect(e.message).toContain(words);
  });

  it('enforces file count, file size, total size and text field size with 413', async () => {
    const form = new FormData();
    form.append('f', new Blob(['a'.repeat(600)]), 'one.csv');
    form.append('f', new Blob(['b'.repeat(10)]), 'two.csv');
    const { contentType, bytes } = await formBody(form);
    const chunks = () => splitEvery(bytes, [64]);
    expect(await partsError(chunks(), contentType, { maxFiles: 1 })).toMatchObject({ status: 413, details: [{ file: 'two.csv', reason: 'more than 1 files' }] });
    expect(await partsError(chunks(), contentType, { maxFileBytes: 500 })).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: [{ file: 'one.csv', reason: 'file is larger than 500 bytes' }],
    });
    expect(await partsError(chunks(), contentType, { maxTotalBytes: 700 })).toMatchObject({ status: 413, details: [{ reason: expect.stringContaining('request body') }] });

    const big = new FormData();
    big.append('note', 'n'.repeat(1024 * 1024 + 1));
    const b = await formBody(big);
    expect(await partsError(splitEvery(b.bytes, [65536]), b.contentType)).toMatchObject({ status: 413, details: [{ reason: expect.stringContaining('"note"') }] });
  });

  it('feeds readTable straight from a part body', async () => {
    const form = new FormData();
    form.append('scope', 'S-1');
    form.append('file', new Blob(['Email;Name\r\nann@x.io;Ann\r\n']), 'contacts.csv');
    const { contentType, bytes } = await formBody(form);
    const rows: unknown[] = [];
    for await (const p of readMultipart(stream(splitEvery(bytes, [7])), contentType, DEFAULT_UPLOAD_LIMITS)) {
      if (p.fileName === undefined) continue;
      const summary = await readTable({ name: p.fileName, contentType: p.contentType, body: p.body }, DEFAULT_UPLOAD_LIMITS, {
        start() {},
        row: (r, line) => void rows.push([line, r]),
      });
      expect(summary.meta.delimiter).toBe(';');
    }
    expect(rows).toEqual([[2, { Email: 'ann@x.io', Name: 'Ann' }]]);
  });
});
