import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { ConnectorCtx, SourceMessage } from '../../../src/runner/protocol.ts';
import { DEFAULT_UPLOAD_LIMITS, readTable, type TableMeta, type TableRecord } from '../../../src/scoping/upload/index.ts';

/** A source's context: sources make no calls, so fetch fails loudly; logs are kept for inspection. */
export function sourceCtx(signal = new AbortController().signal): ConnectorCtx & { logs: unknown[][] } {
  const logs: unknown[][] = [];
  return {
    signal,
    fetch: () => Promise.reject(new Error('a source must not fetch')),
    now: () => new Date('2026-01-01T00:00:00Z'),
    sleep: () => Promise.resolve(),
    log: (...args) => void logs.push(args),
    logs,
  };
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A fresh temp directory holding `files`, removed after the test. */
export async function exportDir(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-exports-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

export async function collect(messages: AsyncIterable<SourceMessage>): Promise<SourceMessage[]> {
  const out: SourceMessage[] = [];
  for await (const m of messages) out.push(m);
  return out;
}

export const records = (messages: SourceMessage[]) => messages.filter((m) => m.type === 'record');
export const checkpoints = (messages: SourceMessage[]) => messages.filter((m) => m.type === 'checkpoint');

/** What readTable itself makes of a file's bytes: the reference the source's output is compared with. */
export async function readTableDirectly(name: string, bytes: Uint8Array) {
  const rows: { line: number; record: TableRecord }[] = [];
  let meta: TableMeta | undefined;
  const summary = await readTable({ name, body: new Blob([bytes as BlobPart]).stream() }, DEFAULT_UPLOAD_LIMITS, {
    start: (m) => void (meta = structuredClone(m)),
    row: (record, line) => void rows.push({ line, record }),
  });
  return { rows, firstMeta: meta!, summary };
}

/** A CSV of `count` generated rows, `perChunk` rows to a chunk, pulled lazily; counts what was produced and whether it was cancelled. */
export function generatedCsv(count: number, perChunk: number) {
  const state = { producedRows: 0, cancelled: false };
  const encoder = new TextEncoder();
  function* chunks(): Generator<string> {
    yield 'id,email,name\n';
    for (let i = 1; i <= count; i += perChunk) {
      let text = '';
      for (let j = i; j < i + perChunk && j <= count; j++) text += `${j},user${j}@example.test,"Name, ${j}"\n`;
      state.producedRows = Math.min(count, i + perChunk - 1);
      yield text;
    }
  }
  const it = chunks();
  const stream = () =>
    new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = it.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      cancel() {
        state.cancelled = true;
      },
    });
  return { state, stream };
}
