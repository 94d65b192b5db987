import { ByteSource, type ByteBody } from './byte-source.ts';
import { readCsv } from './csv-table.ts';
import { readJson } from './json-table.ts';
import type { UploadLimits } from './limits.ts';
import { LineCounter } from './line-counter.ts';
import { detectBom, formatFromContentType, formatFromName, rejectBinary, SNIFF_BYTES, sniffFormat } from './sniff.ts';
import { ByteDecoder } from './text-decoding.ts';
import type { TableMeta, TableSink, TableSummary } from './types.ts';
import { badUpload } from './upload-error.ts';

// The text read before parsing starts: enough lines to detect a CSV delimiter or tell JSON from NDJSON.
const PREFIX_LINES = 21;
const PREFIX_CHARS = 256 * 1024;

/**
 * Reads one file fully, calling sink.start once then sink.row per record (line = 1-based line where the record starts
 * in the file). Memory stays bounded by the prefix plus one record: nothing else is kept.
 */
export async function readTable(
  file: { name: string; contentType?: string; body: ByteBody },
  limits: UploadLimits,
  sink: TableSink,
): Promise<TableSummary> {
  const source = new ByteSource(file.body, file.name, limits.maxFileBytes);
  try {
    const declared = formatFromName(file.name) ?? formatFromContentType(file.contentType);
    const head = await source.head(SNIFF_BYTES);
    const bom = detectBom(head);
    rejectBinary(file.name, head, bom !== undefined && bom.encoding !== 'utf-8');
    const meta: TableMeta = {
      file: file.name,
      format: declared ?? 'csv',
      encoding: bom?.encoding ?? 'utf-8',
      bom: bom !== undefined,
      lineEnding: 'none',
      headers: [],
    };
    const decoder = new ByteDecoder(file.name, meta.encoding, meta.bom, (encoding) => (meta.encoding = encoding));
    const text = decode(head.subarray(bom?.length ?? 0), source, decoder);
    const { prefix, complete } = await takePrefix(text);
    if (complete && prefix.trim() === '') throw badUpload({ file: file.name, reason: 'no rows: the file is empty' });
    meta.format = declared ?? sniffFormat(prefix);
    let rows: number;
    if (meta.format === 'csv') rows = await readCsv(prefix, complete, text, meta, limits, sink);
    else {
      meta.lineEnding = lineEndingOf(prefix);
      rows = await readJson(prefix, text, meta, limits, sink);
    }
    return { meta, rows, bytes: source.total };
  } finally {
    await source.close();
  }
}

async function* decode(head: Uint8Array, source: ByteSource, decoder: ByteDecoder): AsyncGenerator<string> {
  for (let chunk: Uint8Array | undefined = head; chunk; chunk = await source.read()) {
    const text = decoder.decode(chunk, false);
    if (text) yield text;
  }
  const last = decoder.decode(new Uint8Array(0), true);
  if (last) yield last;
}

async function takePrefix(text: AsyncIterator<string>): Promise<{ prefix: string; complete: boolean }> {
  const lines = new LineCounter();
  let prefix = '';
  while (lines.line <= PREFIX_LINES && prefix.length < PREFIX_CHARS) {
    const r = await text.next();
    if (r.done) return { prefix, complete: true };
    prefix += r.value;
    lines.add(r.value);
  }
  return { prefix, complete: false };
}

/** The first line break in the text (JSON files; CSV files take theirs from outside quoted cells). */
function lineEndingOf(text: string): TableMeta['lineEnding'] {
  const i = text.search(/[\r\n]/);
  if (i === -1) return 'none';
  if (text[i] === '\n') return 'lf';
  return text[i + 1] === '\n' ? 'crlf' : 'cr';
}
