import { JsonRecords } from './json-records.ts';
import { JsonTokenizer } from './json-tokenizer.ts';
import type { UploadLimits } from './limits.ts';
import type { TableMeta, TableSink } from './types.ts';

/** Reads a JSON or NDJSON file (per meta.format) from its decoded text, streaming. Returns the number of records. */
export async function readJson(first: string, rest: AsyncIterable<string>, meta: TableMeta, limits: UploadLimits, sink: TableSink): Promise<number> {
  const records = new JsonRecords(meta, limits, sink);
  const tokenizer = new JsonTokenizer({ file: meta.file, ndjson: meta.format === 'ndjson', maxStringChars: limits.maxCellChars, events: records });
  tokenizer.push(first);
  for await (const text of rest) tokenizer.push(text);
  tokenizer.end();
  return records.finish();
}
