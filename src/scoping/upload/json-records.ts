import type { JsonEvents, JsonScalarKind } from './json-tokenizer.ts';
import type { UploadLimits } from './limits.ts';
import type { TableMeta, TableRecord, TableSink } from './types.ts';
import { badUpload } from './upload-error.ts';

/** Where the tokenizer is, as far as records are concerned. */
type Frame =
  | { kind: 'records'; name?: string } // an array whose elements are the records
  | { kind: 'wrapper'; key?: string } // top-level object holding the records array
  | { kind: 'candidate'; name: string; line: number } // an array in the wrapper whose first element decides
  | { kind: 'object'; prefix: string; key?: string } // an object inside a record (the record itself has prefix '')
  | { kind: 'array'; column: string; items: string[] } // an array inside a record: becomes string[]
  | { kind: 'raw'; text: string; empty: boolean; key?: string }; // a container inside such an array, kept as JSON text

/**
 * Turns tokenizer events into flat records: a top-level array of objects, an object with one array-of-objects
 * property, or (ndjson) one object per line. Nested objects flatten to 'a.b' keys, arrays of scalars become string[],
 * objects or arrays inside arrays stay as JSON text; null and '' are left out. Values outside the records (a wrapper's
 * other properties) are skipped without being built.
 */
export class JsonRecords implements JsonEvents {
  rows = 0;
  private readonly stack: Frame[] = [];
  private skip = 0; // depth inside a skipped container
  private cells = new Map<string, string | string[]>();
  private recordLine = 0;
  private recordsArray?: { name: string; line: number };
  private readonly seen = new Set<string>(); // columns seen, mirrored in meta.headers
  private readonly emptyArrays: string[] = [];
  private sawWrapper = false;

  constructor(
    private readonly meta: TableMeta,
    private readonly limits: UploadLimits,
    private readonly sink: TableSink,
  ) {}

  /** Called after the tokenizer's end(): rejects a file that held no records. */
  finish(): number {
    const { file } = this.meta;
    if (this.rows > 0) return this.rows;
    if (this.meta.format === 'json' && !this.recordsArray && this.emptyArrays.length === 0 && this.sawWrapper)
      throw badUpload({ file, reason: 'no rows: the object holds no array of records (expected [{…}, …] or {"records": [{…}, …]})' });
    throw badUpload({ file, reason: 'no rows: the file holds no records' });
  }

  startObject(line: number): void {
    if (this.skip) return void this.skip++;
    const top = this.stack.at(-1);
    if (!top) {
      if (this.meta.format === 'ndjson') return this.beginRecord(line);
      this.sawWrapper = true;
      return void this.stack.push({ kind: 'wrapper' });
    }
    switch (top.kind) {
      case 'records':
        return this.beginRecord(line);
      case 'wrapper':
        return void this.skip++;
      case 'candidate':
        if (this.recordsArray)
          throw badUpload({
            file: this.meta.file,
            line: top.line,
            reason: `the file holds more than one array of records ("${this.recordsArray.name}" at line ${this.recordsArray.line} and "${top.name}"): upload one file per array`,
          });
        this.recordsArray = { name: top.name, line: top.line };
        this.stack[this.stack.length - 1] = { kind: 'records', name: top.name };
        return this.beginRecord(line);
      case 'object':
        this.stack.push({ kind: 'object', prefix: this.column(top) + '.' });
        top.key = undefined;
        return;
      case 'array':
      case 'raw':
        this.openRaw(top, '{');
    }
  }

  startArray(line: number): void {
    if (this.skip) return void this.skip++;
    const top = this.stack.at(-1);
    if (!top) {
      if (this.meta.format === 'ndjson') throw this.notARecord('an array', line);
      return void this.stack.push({ kind: 'records' });
    }
    switch (top.kind) {
      case 'records':
        throw this.notARecord('an array', line);
      case 'wrapper':
        return void this.stack.push({ kind: 'candidate', name: top.key!, line });
      case 'candidate': // an array of arrays: not records
        this.stack.pop();
        this.skip = 2;
        return;
      case 'object':
        this.stack.push({ kind: 'array', column: this.column(top), items: [] });
        top.key = undefined;
        return;
      case 'array':
      case 'raw':
        this.openRaw(top, '[');
    }
  }

  endObject(): void {
    if (this.skip) return void this.skip--;
    const top = this.stack.pop()!;
    if (top.kind === 'object' && top.prefix === '') this.endRecord();
    else if (top.kind === 'raw') this.closeRaw(top, '}');
  }

  endArray(): void {
    if (this.skip) return void this.skip--;
    const top = this.stack.pop()!;
    if (top.kind === 'candidate') this.emptyArrays.push(top.name);
    else if (top.kind === 'array') {
      if (top.items.length) this.set(top.column, top.items);
    } else if (top.kind === 'raw') this.closeRaw(top, ']');
  }

  key(name: string): void {
    if (this.skip) return;
    const top = this.stack.at(-1)!;
    if (top.kind === 'wrapper' || top.kind === 'object' || top.kind === 'raw') top.key = name;
  }

  scalar(value: string | null, kind: JsonScalarKind, line: number): void {
    if (this.skip) return;
    const top = this.stack.at(-1);
    if (!top) {
      if (this.meta.format === 'ndjson') throw this.notARecord(`a ${kind}`, line);
      throw badUpload({ file: this.meta.file, line, reason: `the file is a single ${kind}, not an array of records` });
    }
    switch (top.kind) {
      case 'records':
        throw this.notARecord(`a ${kind}`, line);
      case 'candidate': // an array of scalars (tags, ids…) beside the records: skip it
        this.stack.pop();
        this.skip = 1;
        return;
      case 'object':
        if (value !== null && value !== '') this.set(this.column(top), value);
        top.key = undefined;
        return;
      case 'array':
        if (value !== null && value !== '') top.items.push(this.checkLength(top.column, value));
        return;
      case 'raw':
        this.addRaw(top, kind === 'string' ? JSON.stringify(value) : String(value));
    }
  }

  private beginRecord(line: number): void {
    this.recordLine = line;
    this.stack.push({ kind: 'object', prefix: '' });
  }

  private endRecord(): void {
    const { file } = this.meta;
    if (++this.rows > this.limits.maxRows) throw badUpload({ file, line: this.recordLine, reason: `more than ${this.limits.maxRows} rows` });
    if (this.rows === 1) this.sink.start(this.meta);
    const record = Object.fromEntries(this.cells) as TableRecord;
    this.cells = new Map();
    this.sink.row(record, this.recordLine);
  }

  private column(top: { prefix: string; key?: string }): string {
    return top.prefix + top.key!;
  }

  private set(column: string, value: string | string[]): void {
    const { file } = this.meta;
    if (this.cells.has(column))
      throw badUpload({ file, line: this.recordLine, column, reason: 'the record has this key twice (after flattening nested objects to a.b keys)' });
    if (typeof value === 'string') this.checkLength(column, value);
    if (!this.seen.has(column)) {
      if (this.seen.size >= this.limits.maxColumns)
        throw badUpload({ file, line: this.recordLine, column, reason: `more than ${this.limits.maxColumns} columns` });
      this.seen.add(column);
      this.meta.headers.push(column);
    }
    this.cells.set(column, value);
  }

  private checkLength(column: string, value: string): string {
    if (value.length > this.limits.maxCellChars)
      throw badUpload({ file: this.meta.file, line: this.recordLine, column, reason: `value is longer than ${this.limits.maxCellChars} characters` });
    return value;
  }

  /** Opens a container inside an array of a record (or inside such a container): it is kept as JSON text. */
  private openRaw(parent: Frame & { kind: 'array' | 'raw' }, bracket: string): void {
    if (parent.kind === 'raw') this.addRaw(parent, '');
    this.stack.push({ kind: 'raw', text: bracket, empty: true });
  }

  private closeRaw(top: Frame & { kind: 'raw' }, bracket: string): void {
    const text = top.text + bracket;
    const parent = this.stack.at(-1)!;
    if (parent.kind === 'array') parent.items.push(this.checkLength(parent.column, text));
    else if (parent.kind === 'raw') parent.text += text; // its separator and key went in when this one opened
  }

  /** Appends a member (after the pending key, in an object) to a raw container's JSON text. */
  private addRaw(top: Frame & { kind: 'raw' }, value: string): void {
    top.text += (top.empty ? '' : ',') + (top.key !== undefined ? JSON.stringify(top.key) + ':' : '') + value;
    top.empty = false;
    top.key = undefined;
    if (top.text.length > this.limits.maxCellChars) this.checkLength(this.rawColumn(), top.text);
  }

  private rawColumn(): string {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i]!;
      if (f.kind === 'array') return f.column;
    }
    return '';
  }

  private notARecord(what: string, line: number) {
    return badUpload({ file: this.meta.file, line, reason: `expected an object (a record), found ${what}` });
  }
}
