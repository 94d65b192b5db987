import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ExportFiles } from '../../../src/runner/sources/exports/index.ts';
import { createExportsSource } from '../../../src/runner/sources/exports/index.ts';
import { generatedCsv, sourceCtx } from './helpers.ts';

/** A directory of one generated file: the port's contract, with bytes made on demand instead of read from disk. */
const oneFile = (name: string, stream: () => ReadableStream<Uint8Array>): ExportFiles => ({
  list: async () => [{ name, bytes: 0 }],
  open: () => stream(),
});

describe('reading a large export', () => {
  it('reads 200k rows for a slow consumer without the queue passing its bound', async () => {
    const ROWS = 200_000;
    const PER_CHUNK = 50;
    const HIGH_WATER = 500;
    const csv = generatedCsv(ROWS, PER_CHUNK);
    const read = createExportsSource(oneFile('big.csv', csv.stream), { highWaterMark: HIGH_WATER })
      .open({ kind: 'exports', dir: 'generated' }, sourceCtx())
      .read('big.csv', null);

    let rows = 0;
    let checkpoints = 0;
    let lastState: unknown;
    let furthestAhead = 0;
    for await (const m of read) {
      if (m.type === 'checkpoint') {
        checkpoints++;
        lastState = m.state;
        continue;
      }
      rows++;
      if (m.position.line !== rows + 1 || m.data.id !== String(rows)) throw new Error(`row ${rows} is ${JSON.stringify(m)}`);
      furthestAhead = Math.max(furthestAhead, csv.state.producedRows - rows);
      await nextTurn(); // the consumer is slow: the parse could run ahead on every turn if nothing held it back
    }

    expect(rows).toBe(ROWS);
    expect(checkpoints).toBe(ROWS / 1000); // the default: every 1000 rows, the last one doubling as the end
    expect(lastState).toEqual({ line: ROWS + 1, rows: ROWS });
    // Bounded: the queue holds at most the high-water mark plus one chunk's rows…
    expect(read.stats).toEqual({ highWaterMark: HIGH_WATER, peakQueued: expect.any(Number) });
    expect(read.stats.peakQueued).toBeGreaterThanOrEqual(HIGH_WATER);
    expect(read.stats.peakQueued).toBeLessThanOrEqual(HIGH_WATER + PER_CHUNK);
    // …and the generator was never asked for more than that plus the chunks in flight (stream buffer, parser).
    expect(furthestAhead).toBeLessThanOrEqual(HIGH_WATER + 3 * PER_CHUNK);
  });

  it('stops reading and releases the file when the consumer stops early', async () => {
    const csv = generatedCsv(100_000, 50);
    const read = createExportsSource(oneFile('big.csv', csv.stream), { highWaterMark: 100 })
      .open({ kind: 'exports', dir: 'generated' }, sourceCtx())
      .read('big.csv', null);
    let seen = 0;
    for await (const m of read) if (m.type === 'record' && ++seen === 10) break;
    expect(csv.state.cancelled).toBe(true);
    expect(csv.state.producedRows).toBeLessThanOrEqual(300);
  });
});

describe('aborting', () => {
  it('throws the abort reason from the iterator and cancels the file', async () => {
    const csv = generatedCsv(100_000, 50);
    const controller = new AbortController();
    const read = createExportsSource(oneFile('big.csv', csv.stream), { highWaterMark: 100 })
      .open({ kind: 'exports', dir: 'generated' }, sourceCtx(controller.signal))
      .read('big.csv', null);
    const it = read[Symbol.asyncIterator]();
    for (let i = 0; i < 20; i++) expect((await it.next()).done).toBe(false);
    controller.abort();
    await expect(it.next()).rejects.toMatchObject({ name: 'AbortError' });
    expect(csv.state.cancelled).toBe(true);
    expect(csv.state.producedRows).toBeLessThan(100_000);
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('aborts a consumer waiting for the next row', async () => {
    const controller = new AbortController();
    let cancelled = false;
    // A file whose second chunk never comes: the consumer waits on the queue until the abort wakes it.
    const stalled = () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('id\n1\n2\n'.padEnd(1100, ' ')));
        },
        cancel() {
          cancelled = true;
        },
      });
    const it = createExportsSource(oneFile('slow.csv', stalled))
      .open({ kind: 'exports', dir: 'generated' }, sourceCtx(controller.signal))
      .read('slow.csv', null)
      [Symbol.asyncIterator]();
    const waiting = it.next();
    await nextTurn(); // the read is now stuck on the file
    controller.abort(new Error('run cancelled by the engineer'));
    await expect(waiting).rejects.toThrow('run cancelled by the engineer');
    expect(cancelled).toBe(true);
  });

  it('reads nothing when the signal is already aborted', async () => {
    const csv = generatedCsv(10, 5);
    const read = createExportsSource(oneFile('big.csv', csv.stream))
      .open({ kind: 'exports', dir: 'generated' }, sourceCtx(AbortSignal.abort()))
      .read('big.csv', null);
    await expect(read[Symbol.asyncIterator]().next()).rejects.toMatchObject({ name: 'AbortError' });
    expect(csv.state.producedRows).toBe(0);
  });
});
