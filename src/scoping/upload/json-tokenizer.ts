import { badUpload } from './upload-error.ts';

export type JsonScalarKind = 'string' | 'number' | 'boolean' | 'null';

/** What the tokenizer reports, in document order. Numbers and booleans arrive as their source text. */
export interface JsonEvents {
  startObject(line: number): void;
  endObject(): void;
  startArray(line: number): void;
  endArray(): void;
  key(name: string, line: number): void;
  scalar(value: string | null, kind: JsonScalarKind, line: number): void;
}

export interface JsonTokenizerOptions {
  file: string;
  /** One complete value per line instead of one value for the whole text. */
  ndjson: boolean;
  maxStringChars: number;
  events: JsonEvents;
}

// Grammar states (what may come next) and lexical states (inside a token).
const VALUE = 0;
const FIRST_VALUE = 1; // after '[': a value or ']'
const FIRST_KEY = 2; // after '{': a key or '}'
const KEY = 3;
const COLON = 4;
const AFTER = 5; // after a value inside a container: ',' or the closing bracket
const TOP_AFTER = 6; // after a top-level value
const STRING = 7;
const ESCAPE = 8;
const UNICODE = 9;
const NUMBER = 10;
const LITERAL = 11;

const OBJECT = 0;
const ARRAY = 1;
const MAX_DEPTH = 64;
const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isNumberChar = (c: number) => isDigit(c) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
const isLetter = (c: number) => c >= 97 && c <= 122;
const isHex = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

function show(ch: string | undefined): string {
  if (ch === undefined) return 'the end of the file';
  if (ch === '\n' || ch === '\r') return 'the end of the line';
  return JSON.stringify(ch);
}

/** Incremental JSON / NDJSON tokenizer: push text chunks of any size, then end(). Syntax errors name line and position. */
export class JsonTokenizer {
  private state = VALUE;
  private readonly stack: number[] = [];
  private readonly starts: number[] = []; // line each open container starts on
  private line = 1;
  private col = 0; // characters already read on this line
  private afterCR = false;
  private text = ''; // the token being read
  private isKey = false;
  private tokenLine = 1;
  private tokenCol = 1;
  private hex = 0;
  private hexDigits = 0;
  private readonly ev: JsonEvents;

  constructor(private readonly opts: JsonTokenizerOptions) {
    this.ev = opts.events;
  }

  push(s: string): void {
    const n = s.length;
    let seg = this.state === STRING ? 0 : -1; // start of string text not yet copied into `text`
    for (let i = 0; i < n; ) {
      const c = s.charCodeAt(i);
      switch (this.state) {
        case STRING:
          if (c === 34 || c === 92) {
            this.addText(s.slice(seg, i));
            if (c === 92) this.state = ESCAPE;
            else this.endString();
          } else if (c < 32) this.fail(`${show(s[i])} inside a string (write line breaks as \\n)`);
          break;
        case ESCAPE:
          if (c === 117) {
            this.state = UNICODE;
            this.hex = 0;
            this.hexDigits = 0;
          } else {
            const e = ESCAPES[s[i]!];
            if (e === undefined) this.fail(`invalid escape \\${s[i]} in a string`);
            this.addText(e);
            this.state = STRING;
            seg = i + 1;
          }
          break;
        case UNICODE:
          if (!isHex(c)) this.fail(`invalid \\u escape: ${show(s[i])} is not a hex digit`);
          this.hex = this.hex * 16 + parseInt(s[i]!, 16);
          if (++this.hexDigits === 4) {
            this.addText(String.fromCharCode(this.hex));
            this.state = STRING;
            seg = i + 1;
          }
          break;
        case NUMBER:
        case LITERAL:
          if (this.state === NUMBER ? isNumberChar(c) : isLetter(c)) {
            this.text += s[i];
            break;
          }
          this.endWord();
          continue; // the character that ended the token is read again in the new state
        default:
          if (isSpace(c)) this.space(c);
          else {
            this.grammar(c, s[i]!);
            if (this.state === STRING) seg = i + 1;
          }
      }
      if (c === 13) {
        this.line++;
        this.col = 0;
        this.afterCR = true;
      } else {
        if (c === 10) {
          if (!this.afterCR) this.line++;
          this.col = 0;
        } else this.col++;
        this.afterCR = false;
      }
      i++;
    }
    if (this.state === STRING) this.addText(s.slice(seg));
  }

  end(): void {
    if (this.state === NUMBER || this.state === LITERAL) this.endWord();
    if (this.state === STRING || this.state === ESCAPE || this.state === UNICODE)
      this.fail(`the file ends inside the string that starts at line ${this.tokenLine}`);
    if (this.stack.length)
      this.fail(`the file ends inside the ${this.stack.at(-1) === OBJECT ? 'object' : 'array'} that starts at line ${this.starts.at(-1)}`);
  }

  private space(c: number): void {
    if (!this.opts.ndjson || (c !== 10 && c !== 13)) return;
    if (this.stack.length)
      this.fail(`the record that starts on line ${this.starts[0]} is not complete at the end of that line (NDJSON needs one object per line)`, this.starts[0]);
    if (this.state === TOP_AFTER) this.state = VALUE;
  }

  private grammar(c: number, ch: string): void {
    switch (this.state) {
      case FIRST_VALUE:
        if (c === 93) return this.close(ARRAY);
        return this.startValue(c, ch);
      case VALUE:
        return this.startValue(c, ch);
      case FIRST_KEY:
        if (c === 125) return this.close(OBJECT);
        if (c === 34) return this.startString(true);
        return this.fail(`expected a property name in double quotes or '}', found ${show(ch)}`);
      case KEY:
        if (c === 34) return this.startString(true);
        return this.fail(`expected a property name in double quotes, found ${show(ch)}${c === 125 ? ' (a trailing comma is not allowed in JSON)' : ''}`);
      case COLON:
        if (c === 58) {
          this.state = VALUE;
          return;
        }
        return this.fail(`expected ':' after the property name, found ${show(ch)}`);
      case AFTER: {
        const top = this.stack.at(-1);
        if (c === 44) this.state = top === OBJECT ? KEY : VALUE;
        else if (c === 125 && top === OBJECT) this.close(OBJECT);
        else if (c === 93 && top === ARRAY) this.close(ARRAY);
        else this.fail(`expected ',' or '${top === OBJECT ? '}' : ']'}', found ${show(ch)}`);
        return;
      }
      default: // TOP_AFTER
        if (this.opts.ndjson) return this.fail(`more than one JSON value on this line (NDJSON needs one object per line)`);
        return this.fail(
          `unexpected ${show(ch)} after the end of the JSON document${c === 123 || c === 91 ? ' (one value per line is NDJSON: name the file .ndjson)' : ''}`,
        );
    }
  }

  private startValue(c: number, ch: string): void {
    if (c === 123 || c === 91) {
      if (this.stack.length >= MAX_DEPTH) this.fail(`values nested deeper than ${MAX_DEPTH} levels`);
      this.stack.push(c === 123 ? OBJECT : ARRAY);
      this.starts.push(this.line);
      if (c === 123) {
        this.state = FIRST_KEY;
        this.ev.startObject(this.line);
      } else {
        this.state = FIRST_VALUE;
        this.ev.startArray(this.line);
      }
    } else if (c === 34) this.startString(false);
    else if (c === 45 || isDigit(c) || isLetter(c)) {
      this.state = isLetter(c) ? LITERAL : NUMBER;
      this.text = ch;
      this.tokenLine = this.line;
      this.tokenCol = this.col + 1;
    } else this.fail(`expected a value, found ${show(ch)}${c === 93 ? ' (a trailing comma is not allowed in JSON)' : ''}`);
  }

  private startString(isKey: boolean): void {
    this.state = STRING;
    this.isKey = isKey;
    this.text = '';
    this.tokenLine = this.line;
  }

  private endString(): void {
    const text = this.text;
    this.text = '';
    if (this.isKey) {
      this.state = COLON;
      this.ev.key(text, this.tokenLine);
    } else {
      this.valueDone();
      this.ev.scalar(text, 'string', this.tokenLine);
    }
  }

  /** Ends a number or a true/false/null literal. */
  private endWord(): void {
    const text = this.text;
    this.text = '';
    const fail = (what: string) => this.fail(`${what} ${JSON.stringify(text)}`, this.tokenLine, this.tokenCol);
    if (this.state === NUMBER) {
      if (!NUMBER_TEXT.test(text)) fail('invalid number');
      this.valueDone();
      this.ev.scalar(text, 'number', this.tokenLine);
    } else {
      if (text !== 'true' && text !== 'false' && text !== 'null') fail('invalid value');
      this.valueDone();
      this.ev.scalar(text === 'null' ? null : text, text === 'null' ? 'null' : 'boolean', this.tokenLine);
    }
  }

  private close(kind: number): void {
    this.stack.pop();
    this.starts.pop();
    this.valueDone();
    if (kind === OBJECT) this.ev.endObject();
    else this.ev.endArray();
  }

  private valueDone(): void {
    this.state = this.stack.length ? AFTER : TOP_AFTER;
  }

  private addText(t: string): void {
    this.text += t;
    if (this.text.length > this.opts.maxStringChars)
      throw badUpload({
        file: this.opts.file,
        line: this.tokenLine,
        reason: `a string is longer than ${this.opts.maxStringChars} characters (the limit for one cell)`,
      });
  }

  private fail(reason: string, line = this.line, position = this.col + 1): never {
    throw badUpload({ file: this.opts.file, line, position, reason: `JSON syntax error: ${reason}` });
  }
}
