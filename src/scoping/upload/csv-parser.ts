import { badUpload } from './upload-error.ts';

export interface CsvParserOptions {
  file: string;
  delimiter: string;
  maxCellChars: number;
  /** Called once per non-empty record: its cells (at most `keep` of them), how many it really had, the line it starts on. */
  onRecord(cells: string[], count: number, line: number): void;
  /** Header name of cell `index`, for error messages. */
  columnName?(index: number): string | undefined;
}

const FIELD_START = 0; // at the start of a cell (or of a record when no cell has been read)
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3; // a quote inside a quoted cell: the closing one, or the first half of ""
const CR = 13;
const LF = 10;
const QUOTE = 34;

/**
 * Incremental RFC 4180 parser: push decoded text in chunks of any size, then call end(). Physical lines are counted
 * (a newline inside a quoted cell advances the line) so that each record reports the line an editor shows it on.
 * Lenient where real exports are sloppy: a quote inside an unquoted cell is kept as a literal character.
 */
export class CsvParser {
  /** Cells beyond this many are counted but not kept, so a runaway row costs no memory. */
  keep = Infinity;
  /** First record terminator seen outside quotes. */
  lineEnding: 'crlf' | 'lf' | 'cr' | 'none' = 'none';

  private readonly delim: number;
  private state = FIELD_START;
  private cells: string[] = [];
  private count = 0;
  private cell = '';
  private recordStarted = false;
  private line = 1;
  private recordLine = 1;
  private cellLine = 1;
  private afterCR = false; // the previous character was CR, so an LF now ends no further line
  private firstBreakCR = false; // the first terminator was a CR and the next character decides cr vs crlf

  constructor(private readonly opts: CsvParserOptions) {
    this.delim = opts.delimiter.charCodeAt(0);
  }

  push(s: string): void {
    const n = s.length;
    let seg = this.state === UNQUOTED || this.state === QUOTED ? 0 : -1; // start of the cell text not yet copied into `cell`
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (this.firstBreakCR) {
        this.firstBreakCR = false;
        if (c === LF) this.lineEnding = 'crlf';
      }
      switch (this.state) {
        case FIELD_START:
          if (c === QUOTE) {
            this.begin();
            this.state = QUOTED;
            this.cellLine = this.line;
            seg = i + 1;
          } else if (c === this.delim) {
            this.begin();
            this.endCell();
          } else if (c === CR || c === LF) {
            if (this.count > 0) this.endCell(); // "a,b," ends in an empty cell
            this.terminator(c); // an empty line ends no record; the LF of a CRLF lands here too
          } else {
            this.begin();
            this.state = UNQUOTED;
            seg = i;
          }
          break;
        case UNQUOTED:
          if (c === this.delim || c === CR || c === LF) {
            this.append(s, seg, i);
            this.endCell();
            if (c !== this.delim) this.terminator(c);
          }
          break;
        case QUOTED:
          if (c === QUOTE) {
            this.append(s, seg, i);
            this.state = QUOTE_SEEN;
          }
          break;
        case QUOTE_SEEN:
          if (c === QUOTE) {
            this.cell += '"';
            this.state = QUOTED;
            seg = i + 1;
          } else if (c === this.delim || c === CR || c === LF) {
            this.endCell();
            if (c !== this.delim) this.terminator(c);
          } else {
            throw badUpload({
              file: this.opts.file,
              line: this.line,
              reason: `unexpected character ${JSON.stringify(s[i])} after the closing quote of a cell (a quote inside a quoted cell must be doubled)`,
            });
          }
          break;
      }
      if (c === CR) {
        this.line++;
        this.afterCR = true;
      } else {
        if (c === LF && !this.afterCR) this.line++;
        this.afterCR = false;
      }
    }
    if (this.state === UNQUOTED || this.state === QUOTED) this.append(s, seg, n);
  }

  end(): void {
    if (this.state === QUOTED)
      throw badUpload({ file: this.opts.file, line: this.cellLine, reason: `unterminated quoted cell starting at line ${this.cellLine}` });
    if (this.state !== FIELD_START || this.count > 0) this.endCell();
    this.endRecord();
  }

  private begin(): void {
    if (!this.recordStarted) {
      this.recordStarted = true;
      this.recordLine = this.line;
    }
  }

  private append(s: string, from: number, to: number): void {
    if (to > from) this.cell += s.slice(from, to);
    if (this.cell.length > this.opts.maxCellChars)
      throw badUpload({
        file: this.opts.file,
        line: this.recordLine,
        column: this.opts.columnName?.(this.count),
        reason: `cell ${this.count + 1} is longer than ${this.opts.maxCellChars} characters`,
      });
  }

  private endCell(): void {
    if (this.count < this.keep) this.cells.push(this.cell);
    this.count++;
    this.cell = '';
    this.state = FIELD_START;
  }

  /** A CR or LF outside quotes: ends the record (if one is open) unless it is the LF of a CRLF. */
  private terminator(c: number): void {
    if (c === LF && this.afterCR) return;
    if (this.lineEnding === 'none') {
      this.lineEnding = c === LF ? 'lf' : 'cr';
      this.firstBreakCR = c === CR;
    }
    this.endRecord();
  }

  private endRecord(): void {
    if (!this.recordStarted) return;
    const { cells, count } = this;
    this.cells = [];
    this.count = 0;
    this.recordStarted = false;
    this.opts.onRecord(cells, count, this.recordLine);
  }
}
