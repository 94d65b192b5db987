import type { TextEncodingName, UploadFormat } from './types.ts';
import { badUpload } from './upload-error.ts';

/** How many leading bytes are inspected for magic numbers and NUL bytes. */
export const SNIFF_BYTES = 1024;

const notTable = (file: string, what: string) => badUpload({ file, reason: `not a CSV or JSON file (${what})` });

const EXCEL = 'looks like an Excel workbook: save it as CSV';
const REJECTED_EXTENSIONS: Record<string, string> = {
  xlsx: EXCEL,
  xlsm: EXCEL,
  xlsb: EXCEL,
  xls: EXCEL,
  ods: 'looks like an OpenDocument spreadsheet: save it as CSV',
  numbers: 'looks like an Apple Numbers file: export it as CSV',
  zip: 'looks like a ZIP archive: unpack it and upload the CSV or JSON files inside',
  gz: 'looks like a gzip archive: unpack it and upload the file inside',
  '7z': 'looks like a 7-Zip archive: unpack it and upload the CSV or JSON files inside',
  rar: 'looks like a RAR archive: unpack it and upload the CSV or JSON files inside',
  pdf: 'looks like a PDF document: upload the CSV or JSON export instead',
  doc: 'looks like a Word document: upload the CSV or JSON export instead',
  docx: 'looks like a Word document: upload the CSV or JSON export instead',
};

const EXTENSIONS: Record<string, UploadFormat> = { csv: 'csv', txt: 'csv', tsv: 'csv', json: 'json', ndjson: 'ndjson', jsonl: 'ndjson' };

/** Format named by the file's extension; throws for spreadsheet, archive and document extensions. */
export function formatFromName(file: string): UploadFormat | undefined {
  const dot = file.lastIndexOf('.');
  if (dot === -1) return undefined;
  const ext = file.slice(dot + 1).toLowerCase();
  const rejected = REJECTED_EXTENSIONS[ext];
  if (rejected) throw notTable(file, rejected);
  return EXTENSIONS[ext];
}

const CONTENT_TYPES: Record<string, UploadFormat> = {
  'text/csv': 'csv',
  'text/x-csv': 'csv',
  'application/csv': 'csv',
  'text/tab-separated-values': 'csv',
  'text/plain': 'csv',
  'application/json': 'json',
  'text/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
  'application/jsonlines': 'ndjson',
};

/** Format named by a part's Content-Type. Browsers on Windows label .csv files application/vnd.ms-excel, so Excel types decide nothing. */
export function formatFromContentType(contentType: string | undefined): UploadFormat | undefined {
  const mime = contentType?.split(';')[0]!.trim().toLowerCase();
  return mime ? CONTENT_TYPES[mime] : undefined;
}

const BOMS: { bytes: number[]; encoding: TextEncodingName }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/** The byte-order mark at the start of `head`, if any. */
export function detectBom(head: Uint8Array): { encoding: TextEncodingName; length: number } | undefined {
  const hit = BOMS.find((b) => b.bytes.every((x, i) => head[i] === x));
  return hit && { encoding: hit.encoding, length: hit.bytes.length };
}

const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'looks like an Excel workbook or another ZIP archive: save it as CSV' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'looks like an empty ZIP archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'looks like an Excel 97-2003 workbook: save it as CSV' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'looks like a PDF document: upload the CSV or JSON export instead' },
  { bytes: [0x1f, 0x8b], what: 'looks like a gzip archive: unpack it and upload the file inside' },
];

/** Rejects workbooks, archives, PDFs and other binary content by the first bytes (`head`, BOM not removed). */
export function rejectBinary(file: string, head: Uint8Array, utf16: boolean): void {
  const magic = MAGIC.find((m) => m.bytes.every((x, i) => head[i] === x));
  if (magic) throw notTable(file, magic.what);
  if (utf16) return; // NUL is half of every ASCII character there
  const start = head.subarray(0, SNIFF_BYTES);
  const nul = start.indexOf(0);
  if (nul === -1) return;
  // ASCII text saved as UTF-16 without a BOM has a NUL in every other byte.
  let even = 0;
  let odd = 0;
  for (let i = 0; i < start.length; i++) if (start[i] === 0) i % 2 ? odd++ : even++;
  const half = Math.floor(start.length / 2);
  throw notTable(
    file,
    even >= half * 0.8 || odd >= half * 0.8
      ? 'looks like UTF-16 text without a byte-order mark: save it as UTF-8'
      : `contains a NUL byte at offset ${nul}, so it looks like a binary file: upload the CSV or JSON export`,
  );
}

/** Format of a file no name or content type identified, from the start of its text. */
export function sniffFormat(prefix: string): UploadFormat {
  const text = prefix.trimStart();
  if (text.startsWith('[')) return 'json';
  if (!text.startsWith('{')) return 'csv';
  // One complete object on the first line and another object starting on a later line: NDJSON.
  const [first, ...rest] = text.split(/\r\n|\r|\n/);
  const next = rest.find((l) => l.trim() !== '');
  return first!.trimEnd().endsWith('}') && next?.trimStart().startsWith('{') ? 'ndjson' : 'json';
}
