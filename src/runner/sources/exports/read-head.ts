import { readTable, type TableMeta } from '../../../scoping/upload/index.ts';
import { asExportFileError } from './export-file-error.ts';
import { EXPORT_READ_LIMITS } from './read-limits.ts';

/** JSON records need not share keys, so a JSON file's columns are the keys of its first records. */
const HEAD_RECORDS = 100;

/** Thrown from the sink to stop readTable once the head has been read. */
const ENOUGH = Symbol('enough');

/** The columns of an export file, read from its head (the header row of a CSV) without reading the rest. */
export async function readColumns(file: string, body: ReadableStream<Uint8Array>): Promise<string[]> {
  let meta: TableMeta | undefined;
  let records = 0;
  try {
    await readTable({ name: file, body }, EXPORT_READ_LIMITS, {
      start(m) {
        meta = m;
        if (m.format === 'csv') throw ENOUGH;
      },
      row() {
        if (++records >= HEAD_RECORDS) throw ENOUGH;
      },
    });
  } catch (e) {
    if (e !== ENOUGH) throw asExportFileError(e, file);
  }
  return [...meta!.headers]; // readTable starts the sink before its first row and rejects a file without rows
}
