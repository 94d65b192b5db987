import { detectDelimiter } from './csv-delimiter.ts';
import { normaliseHeaders } from './csv-headers.ts';
import { CsvParser } from './csv-parser.ts';
import type { UploadLimits } from './limits.ts';
import type { TableMeta, TableRecord, TableSink } from './types.ts';
import { badUpload } from './upload-error.ts';

/**
 * Reads a CSV from its decoded text: `sample` (the first lines, used to detect the delimiter) then the rest. Empty cells
 * are left out of the record, like missing trailing cells. Returns the number of data rows.
 */
export async function readCsv(
  sample: string,
  complete: boolean,
  rest: AsyncIterable<string>,
  meta: TableMeta,
  limits: UploadLimits,
  sink: TableSink,
): Promise<number> {
  const { file } = meta;
  meta.delimiter = detectDelimiter(sample, complete);
  let headers: string[] | undefined;
  let rows = 0;
  const parser = new CsvParser({
    file,
    delimiter: meta.delimiter,
    maxCellChars: limits.maxCellChars,
    columnName: (i) => headers?.[i],
    onRecord(cells, count, line) {
      if (!headers) {
        if (count > limits.maxColumns)
          throw badUpload({ file, line, reason: `header has ${count} columns; at most ${limits.maxColumns} are allowed` });
        headers = meta.headers = normaliseHeaders(cells);
        parser.keep = headers.length;
        return;
      }
      if (count > headers.length) throw badUpload({ file, line, reason: `row has ${count} cells, header has ${headers.length}` });
      if (++rows > limits.maxRows) throw badUpload({ file, line, reason: `more than ${limits.maxRows} rows` });
      if (rows === 1) {
        meta.lineEnding = parser.lineEnding;
        sink.start(meta);
      }
      const entries: [string, string][] = [];
      for (let i = 0; i < cells.length; i++) if (cells[i] !== '') entries.push([headers[i]!, cells[i]!]);
      sink.row(Object.fromEntries(entries) as TableRecord, line); // fromEntries: a "__proto__" header stays a plain key
    },
  });
  parser.push(sample);
  for await (const text of rest) parser.push(text);
  parser.end();
  if (!headers) throw badUpload({ file, reason: 'no rows: the file is empty' });
  if (rows === 0) throw badUpload({ file, reason: 'no rows: the file has a header row but no data rows' });
  return rows;
}
