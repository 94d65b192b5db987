import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { knowledgeBase } from '../../../../rules/index.ts';
import type { SourcePlatform } from '../../../../rules/schema/platform.ts';
import { startRestSourceEmulator, type RunningRestEmulator, type StartRestEmulatorOptions } from '../../../../src/http/sandbox/rest-source/start.node.ts';
import type { ConnectorCtx, Json, SourceConnector, SourceMessage, SourceRow, SourceSession } from '../../../../src/runner/protocol.ts';
import { createRestSource, type RestConfig } from '../../../../src/runner/sources/rest/index.ts';
import { DEFAULT_UPLOAD_LIMITS, readTable } from '../../../../src/scoping/upload/index.ts';

export const FIXTURES = join(import.meta.dirname, '../../../fixtures/exports');

export const platformOf = (id: string): SourcePlatform => knowledgeBase.source(id)!;

/**
 * A virtual clock shared by the emulator (token expiry, throttle) and the source (budget, backoff): sleeping moves it
 * on at once, so waits of seconds cost no wall time. It records each wait.
 */
export function virtualClock(start = '2025-03-03T15:00:00Z') {
  let t = Date.parse(start);
  const waits: number[] = [];
  return {
    now: () => new Date(t),
    advance: (ms: number) => void (t += ms),
    waits,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      waits.push(ms);
      t += ms;
      await new Promise((r) => setImmediate(r));
      signal?.throwIfAborted();
    },
  };
}
export type VirtualClock = ReturnType<typeof virtualClock>;

export interface LogLine {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

export function testCtx(clock: VirtualClock, logs: LogLine[] = []): ConnectorCtx {
  return { signal: new AbortController().signal, fetch, now: clock.now, sleep: clock.sleep, log: (level, msg, fields) => void logs.push({ level, msg, fields }) };
}

/** A deterministic jitter source. */
export function seeded(seed = 1) {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

/** An export file's rows and headers as the exports source reads them. */
export async function exportRows(dir: string, file: string): Promise<{ headers: string[]; rows: SourceRow[] }> {
  let headers: string[] = [];
  const rows: SourceRow[] = [];
  await readTable(
    { name: file, body: Readable.toWeb(createReadStream(join(dir, file))) as ReadableStream<Uint8Array> },
    { ...DEFAULT_UPLOAD_LIMITS },
    { start: (m) => void (headers = m.headers), row: (r) => void rows.push(r) },
  );
  return { headers, rows };
}

export async function collect(messages: AsyncIterable<SourceMessage>): Promise<SourceMessage[]> {
  const out: SourceMessage[] = [];
  for await (const m of messages) out.push(m);
  return out;
}

export const records = (messages: SourceMessage[]) => messages.flatMap((m) => (m.type === 'record' ? [m] : []));
export function lastState(messages: SourceMessage[]): Json | null {
  const checkpoints = messages.flatMap((m) => (m.type === 'checkpoint' ? [m.state] : []));
  return checkpoints.at(-1) ?? null;
}

/** A folder with one generated export file of `count` rows (and nothing else), removed by the returned function. */
export function generatedExport(file: string, header: string[], count: number, row: (i: number) => string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-rest-'));
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [header, ...Array.from({ length: count }, (_, i) => row(i + 1))].map((cells) => cells.map(quote).join(','));
  writeFileSync(join(dir, file), lines.join('\r\n') + '\r\n');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Harness {
  running: RunningRestEmulator;
  clock: VirtualClock;
  logs: LogLine[];
  source: SourceConnector<RestConfig>;
  session: SourceSession;
  config: RestConfig;
  stop(): Promise<void>;
}

/** An emulator over `exportDir` and a source session reading it, sharing one virtual clock. */
export async function harness(opts: {
  platform: SourcePlatform;
  exportDir: string;
  streams: RestConfig['streams'];
  config?: Partial<RestConfig>;
  emulator?: Partial<StartRestEmulatorOptions>;
}): Promise<Harness> {
  const clock = virtualClock();
  const logs: LogLine[] = [];
  const running = await startRestSourceEmulator({ platform: opts.platform, exportDir: opts.exportDir, clock: clock.now, ...opts.emulator });
  const source = createRestSource(opts.platform, { clock, random: seeded() });
  const config = source.configSchema.parse({ kind: source.kind, baseUrl: running.url, credentials: running.credentials, streams: opts.streams, ...opts.config });
  return { running, clock, logs, source, session: source.open(config, testCtx(clock, logs)), config, stop: running.stop };
}
