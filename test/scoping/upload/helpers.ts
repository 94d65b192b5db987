import { DEFAULT_UPLOAD_LIMITS, readTable, UploadError, type TableMeta, type TableRecord, type UploadLimits } from '../../../src/scoping/upload/index.ts';

export const utf8 = (s: string) => new TextEncoder().encode(s);

/** The bytes cut at the given offsets (sorted, deduplicated, out-of-range ones ignored). */
export function split(bytes: Uint8Array, cuts: number[] = []): Uint8Array[] {
  const at = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  return [0, ...at].map((from, i) => bytes.subarray(from, at[i] ?? bytes.length));
}

/** Cuts every `size` bytes, cycling through the sizes: odd-sized chunks that move across every boundary. */
export function splitEvery(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, k = 0; at < bytes.length; at += sizes[k++ % sizes.length]!) out.push(bytes.subarray(at, at + sizes[k % sizes.length]!));
  return out;
}

export async function* iterate(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

export interface ReadResult {
  meta?: TableMeta;
  rows: [line: number, record: TableRecord][];
  bytes: number;
  summaryMeta: TableMeta;
}

/** Reads a file through readTable, collecting everything the sink sees. */
export async function read(
  name: string,
  content: string | Uint8Array,
  opts: { cuts?: number[]; limits?: Partial<UploadLimits>; contentType?: string } = {},
): Promise<ReadResult> {
  const bytes = typeof content === 'string' ? utf8(content) : content;
  const rows: ReadResult['rows'] = [];
  let meta: TableMeta | undefined;
  let starts = 0;
  const summary = await readTable(
    { name, contentType: opts.contentType, body: iterate(split(bytes, opts.cuts)) },
    { ...DEFAULT_UPLOAD_LIMITS, ...opts.limits },
    {
      start(m) {
        starts++;
        meta = structuredClone(m);
      },
      row: (record, line) => void rows.push([line, record]),
    },
  );
  if (starts !== (summary.rows > 0 ? 1 : 0)) throw new Error(`sink.start called ${starts} times`);
  if (summary.rows !== rows.length) throw new Error(`summary says ${summary.rows} rows, sink saw ${rows.length}`);
  return { meta, rows, bytes: summary.bytes, summaryMeta: summary.meta };
}

/** The UploadError a read rejects with (fails the test if it resolves or throws something else). */
export async function readError(name: string, content: string | Uint8Array, opts: Parameters<typeof read>[2] = {}): Promise<UploadError> {
  try {
    await read(name, content, opts);
  } catch (e) {
    if (e instanceof UploadError) return e;
    throw e;
  }
  throw new Error(`${name} was accepted`);
}
