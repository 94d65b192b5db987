import { concat } from './bytes.ts';
import { formatBytes, type UploadLimits } from './limits.ts';
import { multipartBoundary, parsePartHeaders } from './multipart-headers.ts';
import { badUpload, tooLarge } from './upload-error.ts';

export interface MultipartPart {
  name: string;
  /** Present when the part is a file (even an empty file input, which browsers send with fileName ''). */
  fileName?: string;
  contentType?: string;
  /** Must be read (or skipped) before the next part: moving on skips what is left of it. */
  body: AsyncIterable<Uint8Array>;
}

const TEXT_FIELD_BYTES = 1024 * 1024;
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_PADDING = 256; // whitespace allowed after a boundary before its CRLF (RFC 2046 transport padding)
const CRLF = new Uint8Array([13, 10]);
const CRLF2 = new Uint8Array([13, 10, 13, 10]);

/**
 * Streams the parts of a multipart/form-data body without buffering whole files. Part bodies are consumed in order
 * (like busboy). maxTotalBytes and maxFiles apply to the request, maxFileBytes to each file part, 1 MB to text fields.
 */
export async function* readMultipart(
  body: ReadableStream<Uint8Array>,
  contentType: string | undefined,
  limits: UploadLimits,
): AsyncGenerator<MultipartPart> {
  const boundary = multipartBoundary(contentType);
  const input = new Input(body.getReader(), new TextEncoder().encode(`\r\n--${boundary}`), limits.maxTotalBytes);
  try {
    await input.skipPreamble();
    let files = 0;
    for (let index = 1; await input.nextPart(index); index++) {
      const headers = parsePartHeaders(await input.headerBlock(index), index);
      const isFile = headers.fileName !== undefined;
      if (headers.fileName && ++files > limits.maxFiles) throw tooLarge({ file: headers.fileName, reason: `more than ${limits.maxFiles} files` });
      input.openPart(
        index,
        isFile ? limits.maxFileBytes : TEXT_FIELD_BYTES,
        isFile
          ? { file: headers.fileName, reason: `file is larger than ${formatBytes(limits.maxFileBytes)}` }
          : { reason: `form field "${headers.name}" is larger than ${formatBytes(TEXT_FIELD_BYTES)}` },
      );
      yield { ...headers, body: input.partBody(index) };
      while (await input.bodyChunk()) {} // what the consumer left unread
    }
  } finally {
    await input.close();
  }
}

/** The request body as a byte buffer with lookahead, plus the state of the part being read. */
class Input {
  private buf: Uint8Array = CRLF; // as if the body began with CRLF, so the first boundary line matches `delimiter` too
  private total = 0;
  private eof = false;
  private part = 0; // index of the open part, 0 when none
  private partBytes = 0;
  private partLimit = 0;
  private partError: { file?: string; reason: string } = { reason: '' };
  private handedOut = 0; // index of the last part whose body was handed to a reader

  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly delimiter: Uint8Array,
    private readonly maxTotal: number,
  ) {}

  async skipPreamble(): Promise<void> {
    for (;;) {
      const i = indexOf(this.buf, this.delimiter);
      if (i !== -1) return this.consume(i + this.delimiter.length);
      this.consume(Math.max(0, this.buf.length - this.delimiter.length + 1));
      if (!(await this.pull())) throw badUpload({ reason: 'the body does not contain the boundary named in Content-Type' });
    }
  }

  /** After a boundary: false at the closing boundary ("--"), true when a part follows (its boundary line consumed). */
  async nextPart(index: number): Promise<boolean> {
    this.part = 0;
    if (!(await this.ensure(2))) throw badUpload({ reason: 'the body ends right after a boundary (no closing "--")' });
    if (this.buf[0] === 45 && this.buf[1] === 45) return false;
    let pad = 0;
    for (; (await this.ensure(pad + 1)) && (this.buf[pad] === 32 || this.buf[pad] === 9) && pad <= MAX_PADDING; pad++);
    if (!(await this.ensure(pad + 2)) || this.buf[pad] !== 13 || this.buf[pad + 1] !== 10)
      throw badUpload({ reason: `malformed boundary line before multipart part ${index}` });
    this.consume(pad + 2);
    return true;
  }

  async headerBlock(index: number): Promise<string> {
    for (;;) {
      if (this.buf[0] === 13 && this.buf[1] === 10) {
        this.consume(2); // a part without headers
        return '';
      }
      const end = indexOf(this.buf, CRLF2);
      if (end !== -1) {
        const block = new TextDecoder().decode(this.buf.subarray(0, end));
        this.consume(end + 4);
        return block;
      }
      if (this.buf.length > MAX_HEADER_BYTES) throw badUpload({ reason: `the headers of multipart part ${index} are longer than 16 KB` });
      if (!(await this.pull())) throw badUpload({ reason: `the body ends inside the headers of multipart part ${index}` });
    }
  }

  openPart(index: number, limit: number, error: { file?: string; reason: string }): void {
    this.part = index;
    this.partBytes = 0;
    this.partLimit = limit;
    this.partError = error;
  }

  /** The body of the open part as a one-shot iterable. */
  partBody(index: number): AsyncIterable<Uint8Array> {
    return {
      [Symbol.asyncIterator]: () => {
        if (this.part !== index || this.handedOut >= index) throw new Error(`multipart part ${index}: bodies must be read once, in order`);
        this.handedOut = index;
        return this.chunks(index);
      },
    };
  }

  private async *chunks(index: number): AsyncGenerator<Uint8Array> {
    for (let c; this.part === index && (c = await this.bodyChunk()); ) yield c;
  }

  /** The next piece of the open part's body; undefined once its closing delimiter has been consumed. */
  async bodyChunk(): Promise<Uint8Array | undefined> {
    while (this.part) {
      const i = indexOf(this.buf, this.delimiter);
      if (i !== -1) {
        const out = this.buf.subarray(0, i);
        this.consume(i + this.delimiter.length);
        this.part = 0;
        return out.length ? this.count(out) : undefined;
      }
      const safe = this.buf.length - (this.delimiter.length - 1); // a delimiter may start in the last bytes
      if (safe > 0) {
        const out = this.buf.subarray(0, safe);
        this.consume(safe);
        return this.count(out);
      }
      if (!(await this.pull())) throw badUpload({ file: this.partError.file, reason: `the body ends inside multipart part ${this.part} (no closing boundary)` });
    }
    return undefined;
  }

  async close(): Promise<void> {
    this.part = 0;
    if (!this.eof) await this.reader.cancel().catch(() => {}); // stop the upload; an errored body has nothing to release
  }

  private count(out: Uint8Array): Uint8Array {
    this.partBytes += out.length;
    if (this.partBytes > this.partLimit) throw tooLarge(this.partError);
    return out;
  }

  private async ensure(n: number): Promise<boolean> {
    while (this.buf.length < n) if (!(await this.pull())) return false;
    return true;
  }

  private async pull(): Promise<boolean> {
    for (;;) {
      if (this.eof) return false;
      const r = await this.reader.read();
      if (r.done) {
        this.eof = true;
        return false;
      }
      if (!r.value.length) continue;
      this.total += r.value.length;
      if (this.total > this.maxTotal) throw tooLarge({ reason: `the request body is larger than ${formatBytes(this.maxTotal)}` });
      this.buf = this.buf.length ? concat(this.buf, r.value) : r.value;
      return true;
    }
  }

  private consume(n: number): void {
    this.buf = this.buf.subarray(n);
  }
}

/** First index of `needle` in `hay`, or -1. */
function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  const first = needle[0]!;
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(first); i !== -1 && i <= last; i = hay.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}
