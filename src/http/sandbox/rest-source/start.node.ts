import { createReadStream, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { serve } from '@hono/node-server';
import { knowledgeBase } from '../../../../rules/index.ts';
import type { SourcePlatform } from '../../../../rules/schema/platform.ts';
import { createRestSourceEmulator, type RestEmulator, type RestEmulatorOptions } from './app.ts';
import { loadDataset, objectOfFile } from './dataset.ts';

export interface StartRestEmulatorOptions extends Omit<RestEmulatorOptions, 'platform' | 'dataset' | 'credentials'> {
  /** A platform id from the knowledge base, or a platform object (e.g. a new declaration under test). */
  platform: string | SourcePlatform;
  /** A folder of export files in the platform's layout (e.g. test/fixtures/exports/soffront). */
  exportDir: string;
  /** Default: one generated value per credential the auth declaration names. */
  credentials?: Record<string, string>;
  port?: number;
  host?: string;
}

export interface RunningRestEmulator {
  url: string;
  credentials: Record<string, string>;
  emulator: RestEmulator;
  /** Export files loaded, by object; and the files of the folder that are not the platform's export files. */
  loaded: Record<string, string[]>;
  skipped: string[];
  stop(): Promise<void>;
}

function credentialNames(platform: SourcePlatform): string[] {
  const auth = platform.channels.api?.rest?.auth;
  if (!auth) return [];
  if (auth.kind === 'token') return auth.credentials;
  return auth.kind === 'basic' ? [auth.username, auth.password] : [auth.credential];
}

/** Serves a platform's REST emulator on Node, on 127.0.0.1 and a free port unless told otherwise. */
export async function startRestSourceEmulator(options: StartRestEmulatorOptions): Promise<RunningRestEmulator> {
  const { port = 0, host = '127.0.0.1', exportDir, ...rest } = options;
  const platform = typeof options.platform === 'string' ? knowledgeBase.source(options.platform) : options.platform;
  if (!platform) throw new Error(`no source platform "${String(options.platform)}" in the knowledge base`);
  const credentials = options.credentials ?? Object.fromEntries(credentialNames(platform).map((n) => [n, `emu-${n}-${crypto.randomUUID().slice(0, 8)}`]));

  const names = readdirSync(exportDir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
  const known = names.filter((n) => objectOfFile(platform, n) !== null);
  const files = known.map((name) => ({ name, body: Readable.toWeb(createReadStream(join(exportDir, name))) as ReadableStream<Uint8Array> }));
  const dataset = await loadDataset(platform, files);
  const loaded: Record<string, string[]> = {};
  for (const name of known) (loaded[objectOfFile(platform, name)!] ??= []).push(name);

  const emulator = createRestSourceEmulator({ ...rest, platform, dataset, credentials });
  const server = serve({ fetch: emulator.app.fetch, hostname: host, port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    credentials,
    emulator,
    loaded,
    skipped: names.filter((n) => !known.includes(n)),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
