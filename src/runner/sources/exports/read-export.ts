import { readTable, type TableRecord } from '../../../scoping/upload/index.ts';
import type { Json, SourceMessage } from '../../protocol.ts';
import { asExportFileError } from './export-file-error.ts';
import { gatedBody } from './gated-body.ts';
import { EXPORT_READ_LIMITS } from './read-limits.ts';
import { parseExportState, ResumePoint } from './resume.ts';
import { RowQueue } from './row-queue.ts';

export interface ExportReadOptions {
  /** Rows between checkpoints (counted from the start of the file, so resumed reads checkpoint at the same rows). */
  checkpointEvery: number;
  /** Rows parsed ahead of the consumer before reading pauses. */
  highWaterMark: number;
}

export interface ExportReadStats {
  highWaterMark: number;
  /** Most rows ever waiting for the consumer: at most highWaterMark plus the rows of one byte chunk. */
  peakQueued: number;
}

/** One read of one export file: the messages, plus what the read held in memory. */
export interface ExportRead extends AsyncIterable<SourceMessage> {
  readonly stats: ExportReadStats;
}

interface QueuedRow {
  record: TableRecord;
  line: number;
}

/**
 * Reads one export file as records and checkpoints, resuming after `state`. readTable parses in the background into a
 * bounded queue the messages are taken from; errors (a bad state too) name the file and are thrown from the iterator.
 */
export function readExport(
  file: string,
  open: () => Promise<ReadableStream<Uint8Array>>,
  state: Json | null,
  options: ExportReadOptions,
  signal: AbortSignal,
): ExportRead {
  if (!(options.checkpointEvery >= 1)) throw new RangeError(`checkpointEvery must be at least 1, got ${options.checkpointEvery}`);
  const queue = new RowQueue<QueuedRow>(options.highWaterMark);
  const checkpoint = (line: number, rows: number): SourceMessage => ({ type: 'checkpoint', stream: file, state: { line, rows } });

  async function* messages(): AsyncGenerator<SourceMessage> {
    signal.throwIfAborted();
    const resume = new ResumePoint(file, parseExportState(file, state));
    const abort = () => queue.close(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    let producing: Promise<void> | undefined;
    try {
      const body = await open();
      if (signal.aborted) {
        await body.cancel(signal.reason).catch(() => {});
        throw signal.reason;
      }
      producing = readTable({ name: file, body: gatedBody(body, queue) }, EXPORT_READ_LIMITS, {
        start() {},
        row(record, at) {
          if (!resume.skips(at)) queue.push({ record, line: at });
        },
      })
        .then(() => resume.finish())
        .then(
          () => queue.end(),
          (error: unknown) => queue.end({ error: asExportFileError(error, file) }),
        );

      let { line, rows } = resume.state ?? { line: 0, rows: 0 };
      let checkpointed = false; // whether the last message was a checkpoint: every read ends with exactly one
      for (let row; (row = await queue.take()); ) {
        rows++;
        line = row.line;
        yield { type: 'record', stream: file, data: row.record, position: { file, line } };
        checkpointed = rows % options.checkpointEvery === 0;
        if (checkpointed) yield checkpoint(line, rows);
      }
      if (!checkpointed) yield checkpoint(line, rows);
    } finally {
      signal.removeEventListener('abort', abort);
      queue.close(new Error(`reading ${file} stopped`)); // a no-op after the end; otherwise stops the parse and the file
      await producing;
    }
  }

  const iterator = messages();
  return {
    get stats() {
      return { highWaterMark: queue.highWaterMark, peakQueued: queue.peak };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
}
