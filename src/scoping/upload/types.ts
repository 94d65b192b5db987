export type UploadFormat = 'csv' | 'json' | 'ndjson';
export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface TableMeta {
  file: string;
  format: UploadFormat;
  /** May change from 'utf-8' to 'windows-1252' while reading (only ever after a pure-ASCII prefix, so earlier rows are unaffected). */
  encoding: TextEncodingName;
  bom: boolean;
  /** csv only: ',', ';', '\t' or '|', detected ( ',' for a single-column file). */
  delimiter?: string;
  lineEnding: 'crlf' | 'lf' | 'cr' | 'none';
  /** csv: header row (trimmed, BOM removed, empty → column_<n>, duplicates → "name (2)"); json/ndjson: flattened keys seen so far. */
  headers: string[];
}

/** A record: column → cell. JSON arrays of scalars become string[]; nested objects flatten to 'a.b' keys; numbers/booleans stringify; null/'' → absent. */
export type TableRecord = Record<string, string | string[]>;

export interface TableSink {
  start(meta: TableMeta): void;
  row(record: TableRecord, line: number): void;
}

export interface TableSummary {
  meta: TableMeta;
  rows: number;
  bytes: number;
}
