import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createStateWriter, loadStateFile } from './persist.node.ts';
import { createFreshsalesSandbox, type FreshsalesSandbox, type SandboxOptions } from './sandbox.ts';

export interface RunningSandbox {
  url: string;
  /** Base URL as a Suite account gives it (…/crm/sales); the client appends /api. */
  suiteBaseUrl: string;
  /** Base URL as a Classic account gives it (the host); the client appends /api. */
  classicBaseUrl: string;
  apiKey: string;
  sandbox: FreshsalesSandbox;
  stop(): Promise<void>;
}

export interface StartOptions extends SandboxOptions {
  port?: number;
  host?: string;
  /** Persist the state here (after changes, debounced, and on stop) and reload it on start. */
  stateFile?: string;
  /** At most one write per this many milliseconds while changes keep coming (default 1000). */
  persistDebounceMs?: number;
}

/** Serves the sandbox on Node, on 127.0.0.1 and a free port unless told otherwise. */
export async function startFreshsalesSandbox(options: StartOptions = {}): Promise<RunningSandbox> {
  const { port = 0, host = '127.0.0.1', stateFile, persistDebounceMs = 1_000, ...sandboxOptions } = options;
  const writer = stateFile ? createStateWriter(stateFile, persistDebounceMs) : undefined;
  const sandbox = createFreshsalesSandbox({
    ...sandboxOptions,
    initialState: (stateFile && loadStateFile(stateFile)) || sandboxOptions.initialState,
    onChange: (state) => {
      writer?.schedule(state);
      sandboxOptions.onChange?.(state);
    },
  });
  writer?.schedule(sandbox.state);

  const server = serve({ fetch: sandbox.app.fetch, hostname: host, port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    url,
    suiteBaseUrl: `${url}/crm/sales`,
    classicBaseUrl: url,
    apiKey: sandbox.apiKey,
    sandbox,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          writer?.flush();
          resolve();
        });
        // Idle keep-alive sockets (and held "timeout" faults) would hold close() open.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
