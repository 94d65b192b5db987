import { concat } from './bytes.ts';
import { LineCounter } from './line-counter.ts';
import type { TextEncodingName } from './types.ts';
import { badUpload } from './upload-error.ts';
import { firstInvalidUtf8, isAscii, isCutOffUtf8 } from './utf8.ts';
import { decode1252, firstUndefined1252 } from './windows-1252.ts';

const EMPTY = new Uint8Array(0);
const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Turns a file's byte chunks (BOM already removed) into text chunks. Without a BOM the file is UTF-8 until an invalid
 * sequence shows up; if everything before it was ASCII the whole file is Windows-1252 (the prefix decodes the same),
 * otherwise the file mixes encodings and is rejected with the line of the bad byte.
 */
export class ByteDecoder {
  private carry = EMPTY; // a multibyte sequence (or UTF-16 code unit / surrogate pair) cut by a chunk edge
  private asciiSoFar = true;
  private readonly lines = new LineCounter(); // only for error lines: the parsers count their own
  private readonly utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly utf16?: TextDecoder;

  constructor(
    private readonly file: string,
    public encoding: TextEncodingName,
    private readonly bom: boolean,
    private readonly onSwitch: (encoding: TextEncodingName) => void = () => {},
  ) {
    if (encoding === 'utf-16le' || encoding === 'utf-16be') this.utf16 = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  }

  /** Text for `chunk` (plus any bytes carried from the previous one); `final` marks the end of the file. */
  decode(chunk: Uint8Array, final: boolean): string {
    const data = this.carry.length ? concat(this.carry, chunk) : chunk;
    this.carry = EMPTY;
    const text = this.encoding === 'utf-8' ? this.fromUtf8(data, final) : this.utf16 ? this.fromUtf16(data, final) : this.from1252(data);
    this.lines.add(text);
    return text;
  }

  private fromUtf8(data: Uint8Array, final: boolean): string {
    let bad = firstInvalidUtf8(data);
    if (bad < data.length && !final && isCutOffUtf8(data, bad)) {
      this.carry = data.slice(bad);
      data = data.subarray(0, bad);
    }
    if (bad < data.length) {
      if (this.asciiSoFar && !this.bom && isAscii(data, bad)) {
        this.encoding = 'windows-1252';
        this.onSwitch(this.encoding);
        return this.from1252(data);
      }
      this.lines.add(this.utf8.decode(data.subarray(0, bad)));
      throw badUpload({
        file: this.file,
        line: this.lines.line,
        reason: `invalid UTF-8 byte ${hex(data[bad]!)}; ${
          this.bom ? 'the file starts with a UTF-8 byte-order mark but is not UTF-8 here' : 'the file mixes encodings (valid UTF-8 earlier)'
        }: save it as UTF-8`,
      });
    }
    if (this.asciiSoFar && !isAscii(data)) this.asciiSoFar = false;
    return this.utf8.decode(data);
  }

  private from1252(data: Uint8Array): string {
    const bad = firstUndefined1252(data);
    if (bad !== -1) {
      this.lines.add(decode1252(data.subarray(0, bad)));
      throw badUpload({
        file: this.file,
        line: this.lines.line,
        reason: `byte ${hex(data[bad]!)} is neither UTF-8 nor Windows-1252: save the file as UTF-8`,
      });
    }
    return decode1252(data);
  }

  private fromUtf16(data: Uint8Array, final: boolean): string {
    const le = this.encoding === 'utf-16le';
    const odd = data.length % 2;
    let end = data.length - odd;
    if (!final && end >= 2 && isHighSurrogate(unitAt(data, end - 2, le))) end -= 2; // its pair is in the next chunk
    this.carry = data.slice(end);
    const piece = data.subarray(0, end);
    let text: string;
    try {
      text = this.utf16!.decode(piece);
    } catch {
      const at = firstLoneSurrogate(piece, le);
      this.lines.add(this.utf16!.decode(piece.subarray(0, at)));
      throw badUpload({
        file: this.file,
        line: this.lines.line,
        reason: `unpaired UTF-16 surrogate ${hex(unitAt(piece, at, le))}: the file is damaged or not UTF-16`,
      });
    }
    if (final && odd) {
      this.lines.add(text);
      throw badUpload({ file: this.file, line: this.lines.line, reason: 'the UTF-16 file ends in half a character' });
    }
    return text;
  }
}

const unitAt = (b: Uint8Array, i: number, le: boolean) => (le ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
const isHighSurrogate = (u: number) => u >= 0xd800 && u <= 0xdbff;
const isLowSurrogate = (u: number) => u >= 0xdc00 && u <= 0xdfff;

function firstLoneSurrogate(b: Uint8Array, le: boolean): number {
  for (let i = 0; i + 1 < b.length; i += 2) {
    const u = unitAt(b, i, le);
    if (isHighSurrogate(u) && i + 3 < b.length && isLowSurrogate(unitAt(b, i + 2, le))) i += 2;
    else if (isHighSurrogate(u) || isLowSurrogate(u)) return i;
  }
  return b.length;
}
