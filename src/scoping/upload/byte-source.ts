import { concat } from './bytes.ts';
import { formatBytes } from './limits.ts';
import { tooLarge } from './upload-error.ts';

export type ByteBody = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/** Pulls a file's chunks one at a time, counting bytes and stopping with 413 as soon as the file passes `maxBytes`. */
export class ByteSource {
  total = 0;
  private readonly next: () => Promise<IteratorResult<Uint8Array>>;
  private readonly stop: () => Promise<unknown>;
  private done = false;

  constructor(
    body: ByteBody,
    private readonly file: string,
    private readonly maxBytes: number,
  ) {
    if ('getReader' in body) {
      const reader = body.getReader();
      this.next = () => reader.read() as Promise<IteratorResult<Uint8Array>>;
      this.stop = () => reader.cancel();
    } else {
      const it = body[Symbol.asyncIterator]();
      this.next = () => it.next();
      this.stop = async () => it.return?.();
    }
  }

  /** The next non-empty chunk, or undefined at the end. */
  async read(): Promise<Uint8Array | undefined> {
    while (!this.done) {
      const r = await this.next();
      if (r.done) this.done = true;
      else if (r.value.length) {
        this.total += r.value.length;
        if (this.total > this.maxBytes) throw tooLarge({ file: this.file, reason: `file is larger than ${formatBytes(this.maxBytes)}` });
        return r.value;
      }
    }
    return undefined;
  }

  /** At least `n` bytes from the start (fewer only if the file is shorter). */
  async head(n: number): Promise<Uint8Array> {
    let out: Uint8Array = new Uint8Array(0);
    for (let chunk; out.length < n && (chunk = await this.read()); ) out = out.length ? concat(out, chunk) : chunk;
    return out;
  }

  /** Releases the body when reading stops early. */
  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.stop().catch(() => {}); // the body may already be errored; there is nothing left to release then
  }
}
