import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNodeServer, type RunningServer } from '../../src/http/entry/serve-node.ts';

export interface TestServer extends RunningServer {
  adminToken: string;
  /** Every log line the server wrote, parsed. */
  logs: Record<string, unknown>[];
  /** fetch against the server with an optional bearer token. */
  call: (path: string, init?: RequestInit & { token?: string }) => Promise<Response>;
  dbUrl: string;
}

/**
 * A real server on 127.0.0.1, port 0, over a fresh database file in a temp folder (so a CLI process can share it).
 * Stop it in afterAll; the folder goes with it.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-test-'));
  const dbUrl = `file:${join(dir, 'ferry.db')}`;
  const logs: Record<string, unknown>[] = [];
  const server = await startNodeServer(
    { HOST: '127.0.0.1', PORT: '0', DATABASE_URL: dbUrl, LOG_LEVEL: 'info', ...env },
    (line) => logs.push(JSON.parse(line)),
  );
  if (!server.bootstrapToken) throw new Error('expected a first-start admin token');
  const call = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    return fetch(server.url + path, { ...init, headers });
  };
  return {
    ...server,
    adminToken: server.bootstrapToken,
    logs,
    call,
    dbUrl,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const jsonInit = (method: string, body: unknown, token?: string): RequestInit & { token?: string } => ({
  method,
  token,
  headers: { 'Content-Type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** Asserts the one error envelope and returns its error object. */
export async function expectEnvelope(res: Response, status: number, code: string) {
  const body = (await res.json()) as { error: { code: string; message: string; requestId: string; details?: unknown } };
  if (res.status !== status || body?.error?.code !== code || !body.error.requestId || !body.error.message) {
    throw new Error(`expected ${status} ${code} in the error envelope, got ${res.status} ${JSON.stringify(body)}`);
  }
  return body.error;
}
