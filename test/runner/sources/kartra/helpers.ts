import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach } from 'vitest';
import { startKartraSandbox, type KartraStartOptions, type RunningKartraSandbox } from '../../../../src/http/sandbox/kartra/start.node.ts';
import { nodeExportFiles } from '../../../../src/http/entry/export-files.node.ts';
import type { ConnectorCtx, Json, SourceMessage, SourceSession } from '../../../../src/runner/protocol.ts';
import { createKartraSource, type KartraConfig, type KartraSourceOptions } from '../../../../src/runner/sources/kartra/index.ts';

export const FIXTURE = join(import.meta.dirname, '../../../fixtures/exports/kartra');

/** The Kartra fixture's CSV as rows of header → cell, empty cells left out (as the export reader leaves them). */
export function fixtureRows(name: string, dir = FIXTURE): Record<string, string>[] {
  const rows = parse(readFileSync(join(dir, name), 'utf8'), { columns: true }) as Record<string, string>[];
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '')));
}
export const fixtureHeader = (name: string, dir = FIXTURE) => (parse(readFileSync(join(dir, name), 'utf8'), { toLine: 1 }) as string[][])[0]!;

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The five custom field kinds: the fixture's two columns plus three more, added to every contact. */
export const CUSTOM_KINDS = { fitness_goal: 'input_field', coaching_tier: 'drop_down', bio: 'text_area', plan_format: 'radio_button', interests: 'checkbox' } as const;

/**
 * A copy of the Kartra fixture with a text_area, a radio_button and a checkbox column added (checkbox options written
 * in the order Kartra lists them, so the API's answer reads back the same). `files` limits which files are copied.
 */
export function exportCopy(files = ['contacts.csv', 'transactions.csv', 'subscriptions.csv']): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-kartra-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const extra = (i: number) => [i % 3 === 0 ? '' : `Line one, "quoted"\nline two ${i}`, ['Online', 'In person', ''][i % 3]!, ['Running;Yoga', 'Yoga', '', 'Lifting;Running;Yoga'][i % 4]!];
  for (const name of files) {
    if (name !== 'contacts.csv') {
      writeFileSync(join(dir, name), readFileSync(join(FIXTURE, name)));
      continue;
    }
    const rows = parse(readFileSync(join(FIXTURE, name), 'utf8')) as string[][];
    const out = rows.map((r, i) => [...r, ...(i === 0 ? ['bio', 'plan_format', 'interests'] : extra(i))].map(csvCell).join(','));
    writeFileSync(join(dir, name), out.join('\n') + '\n');
  }
  return dir;
}

/** A clock that moves only when someone sleeps on it: waits cost nothing, and the emulator's seconds follow it. */
export function virtualClock(start = Date.UTC(2026, 0, 1)) {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      t += ms;
      await new Promise((r) => setImmediate(r));
    },
  };
}

export async function emulator(dir: string, options: Omit<KartraStartOptions, 'dir'> = {}): Promise<RunningKartraSandbox> {
  const running = await startKartraSandbox({ dir, customFieldKinds: { ...CUSTOM_KINDS }, ...options });
  cleanups.push(() => running.stop());
  return running;
}

export type TestCtx = ConnectorCtx & { logs: [string, string, Record<string, unknown> | undefined][] };

export function kartraCtx(clock: ReturnType<typeof virtualClock>, signal = new AbortController().signal): TestCtx {
  const logs: TestCtx['logs'] = [];
  return { signal, fetch, now: () => new Date(clock.now()), sleep: clock.sleep, log: (level, msg, fields) => void logs.push([level, msg, fields]), logs };
}

export const STREAMS = { 'contacts.csv': 'contact', 'transactions.csv': 'transaction', 'subscriptions.csv': 'subscription' } as const;

export function configFor(k: RunningKartraSandbox, exportsDir: string, over: Partial<KartraConfig> = {}): KartraConfig {
  return { kind: 'kartra', baseUrl: k.apiUrl, ...k.credentials, exportsDir, contactsFile: 'contacts.csv', streams: { ...STREAMS }, ...over };
}

/** A session of a fresh connector (its own app budget) over the emulator. */
export function session(k: RunningKartraSandbox, exportsDir: string, ctx: TestCtx, options: Partial<KartraSourceOptions> = {}, over: Partial<KartraConfig> = {}): SourceSession {
  const source = createKartraSource(nodeExportFiles, { leadsPerCheckpoint: 3, concurrency: 3, ...options });
  return source.open(source.configSchema.parse(configFor(k, exportsDir, over)), ctx);
}

export async function readAll(s: SourceSession, stream: string, state: Json | null = null): Promise<SourceMessage[]> {
  const out: SourceMessage[] = [];
  for await (const m of s.read(stream, state)) out.push(m);
  return out;
}

export const records = (ms: SourceMessage[]) => ms.flatMap((m) => (m.type === 'record' ? [m] : []));
