import { readFileSync, existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { loadKartraDataset, type CustomFieldKind, type KartraDataset } from './dataset.ts';
import { createKartraSandbox, type KartraSandbox, type KartraSandboxOptions } from './sandbox.ts';

export interface KartraStartOptions extends Partial<Omit<KartraSandboxOptions, 'dataset'>> {
  /** A Kartra export folder (contacts.csv, and transactions.csv / subscriptions.csv when present) to serve. */
  dir: string;
  /** Custom field kinds by identifier (columns not listed are input_field). */
  customFieldKinds?: Record<string, CustomFieldKind>;
  /** Changes the loaded dataset before serving (a lead removed, a tag added…). */
  edit?: (dataset: KartraDataset) => void;
  port?: number;
  host?: string;
}

export interface RunningKartraSandbox {
  url: string;
  /** The endpoint every call is POSTed to (what https://app.kartra.com/api is for the real service). */
  apiUrl: string;
  credentials: { appId: string; apiKey: string; apiPassword: string };
  sandbox: KartraSandbox;
  stop(): Promise<void>;
}

/** Serves a Kartra emulator for an export folder on Node, on 127.0.0.1 and a free port unless told otherwise. */
export async function startKartraSandbox(options: KartraStartOptions): Promise<RunningKartraSandbox> {
  const { dir, customFieldKinds, edit, port = 0, host = '127.0.0.1', appId = 'ferry-test-app', apiKey = 'kartra-test-key', apiPassword = 'kartra-test-password', ...rest } = options;
  const file = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name)) : undefined);
  const contacts = file('contacts.csv');
  if (!contacts) throw new Error(`Kartra sandbox: ${dir} has no contacts.csv`);
  const dataset = await loadKartraDataset({ contacts, transactions: file('transactions.csv'), subscriptions: file('subscriptions.csv') }, customFieldKinds);
  edit?.(dataset);
  const sandbox = createKartraSandbox({ ...rest, dataset, appId, apiKey, apiPassword });

  const server = serve({ fetch: sandbox.app.fetch, hostname: host, port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiUrl: `${url}/api`,
    credentials: { appId, apiKey, apiPassword },
    sandbox,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
