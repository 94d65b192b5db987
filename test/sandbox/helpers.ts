import { startFreshsalesSandbox, type RunningSandbox, type StartOptions } from '../../src/http/sandbox/freshsales/start.node.ts';
import { createFreshsalesClient, type FreshsalesClient } from '../../src/runner/destinations/freshsales/client.ts';
import { FreshsalesError, type FreshsalesErrorCode } from '../../src/runner/destinations/freshsales/errors.ts';

export const API_KEY = 'sandbox-test-key-0001';

/** A clock the test moves by hand. */
export function manualClock(start = '2025-03-03T15:00:00Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms), set: (iso: string) => void (t = Date.parse(iso)) };
}

export interface TestSandbox extends RunningSandbox {
  clock: ReturnType<typeof manualClock>;
  suite: FreshsalesClient;
  classic: FreshsalesClient;
  /** A raw call to the sandbox, with the API key unless `key` is given (null sends none). */
  raw(path: string, init?: RequestInit & { key?: string | null; json?: unknown }): Promise<Response>;
}

/** A sandbox on 127.0.0.1:0 with a manual clock and a client for each edition. Stop it in afterAll/afterEach. */
export async function startTestSandbox(options: StartOptions = {}): Promise<TestSandbox> {
  const clock = manualClock();
  const running = await startFreshsalesSandbox({ apiKey: API_KEY, clock: clock.now, ...options });
  const client = (baseUrl: string) => createFreshsalesClient({ baseUrl, apiKey: running.apiKey }, { fetch, now: clock.now, timeoutMs: 5_000 });
  return {
    ...running,
    clock,
    suite: client(running.suiteBaseUrl),
    classic: client(running.classicBaseUrl),
    raw: (path, init = {}) => {
      const { key = running.apiKey, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (key !== null) headers.set('Authorization', `Token token=${key}`);
      if (json !== undefined) headers.set('Content-Type', 'application/json');
      return fetch(running.url + path, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) });
    },
  };
}

/** Awaits a promise that must fail with a FreshsalesError of `code`, and returns the error. */
export async function expectFreshsalesError(p: Promise<unknown>, code: FreshsalesErrorCode): Promise<FreshsalesError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FreshsalesError && e.code === code) return e;
    throw new Error(`expected FreshsalesError ${code}, got ${e instanceof FreshsalesError ? `${e.code}: ${e.message}` : String(e)}`);
  }
  throw new Error(`expected FreshsalesError ${code}, but the call succeeded`);
}
