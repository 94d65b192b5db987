import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RestSourceError } from '../../../../src/runner/sources/rest/index.ts';
import { collect, exportRows, generatedExport, harness, lastState, platformOf, records, type Harness } from './helpers.ts';

const HEADER = ['ContactID', 'First Name', 'LastName', 'E-mail', 'ModifiedDate'];
const ROWS = 1234;
const big = generatedExport('Contacts.csv', HEADER, ROWS, (i) => [`C-${i}`, `Ann "${i}", Jr`, `Lee ${i}`, `ann${i}@example.test`, '01/11/2024 01:55 PM']);
const STREAMS = { 'Contacts.csv': { object: 'contact', columns: HEADER } };
let expected: Awaited<ReturnType<typeof exportRows>>['rows'];
let h: Harness | undefined;

beforeAll(async () => void (expected = (await exportRows(big.dir, 'Contacts.csv')).rows));
afterAll(() => big.remove());
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const soffront = (extra: Partial<Parameters<typeof harness>[0]> = {}) => harness({ platform: platformOf('soffront'), exportDir: big.dir, streams: STREAMS, ...extra });

describe('Soffront pages through its emulator', () => {
  it('serves field ids, capped at 500 rows a call whatever is asked', async () => {
    h = await soffront();
    const { url, credentials: c } = h.running;
    const login = await (await fetch(`${url}/token/${c.developerKey}/${c.userName}/${c.password}`)).json();
    expect(login.Status).toBe(1);
    const page = await (await fetch(`${url}/contacts?token=${login.Token}&offset=0&rowcount=5000`)).json();
    expect(page.Data).toHaveLength(500);
    expect(page.Data[0]).toMatchObject({ ContactID: 'C-1', FirstName: 'Ann "1", Jr', Email: 'ann1@example.test' });
    const wrong = await (await fetch(`${url}/token/${c.developerKey}/${c.userName}/nope`)).json();
    expect(wrong.Status).toBe(0);
    expect(wrong.Token).toBeUndefined();
  });

  it('reads every row in 500-row pages, checkpointing after each page', async () => {
    h = await soffront();
    const messages = await collect(h.session.read('Contacts.csv', null));
    expect(records(messages).map((m) => m.data)).toEqual(expected);
    expect(records(messages).map((m) => m.position.line)).toEqual(expected.map((_, i) => i + 2));
    expect(messages.filter((m) => m.type === 'checkpoint').map((m) => m.state)).toEqual([
      { page: 1, rows: 500, since: null },
      { page: 2, rows: 1000, since: null },
      { page: 3, rows: 1234, since: null },
    ]);
    // One sign-in; three pages at least (workers may have asked a page past the end).
    const calls = h.running.emulator.calls().byEndpoint;
    expect(calls['GET /token/{developerKey}/{userName}/{password}']).toBe(1);
    expect(calls['GET /contacts']).toBeGreaterThanOrEqual(3);
  });

  it('resumes from a checkpoint with only the rest', async () => {
    h = await soffront();
    const first: Awaited<ReturnType<typeof collect>> = [];
    for await (const m of h.session.read('Contacts.csv', null)) {
      first.push(m);
      if (m.type === 'checkpoint') break; // the run stops after its first bookmark
    }
    const state = lastState(first);
    expect(state).toEqual({ page: 1, rows: 500, since: null });
    const rest = records(await collect(h.session.read('Contacts.csv', state)));
    expect(rest.map((m) => m.data)).toEqual(expected.slice(500));
    expect(rest[0]!.position.line).toBe(502);
    expect([...records(first), ...rest].map((m) => m.data)).toEqual(expected);
  });

  it('refuses a resume state that is not its own', async () => {
    h = await soffront();
    await expect(collect(h.session.read('Contacts.csv', { line: 3, rows: 2 }))).rejects.toThrow(/Contacts\.csv: the resume state is not a checkpoint/);
    await expect(collect(h.session.read('Contacts.csv', { page: 1, rows: 500, since: '2024-01-01T00:00:00Z' }))).rejects.toThrow(/read it again from the start/);
  });

  it('signs in again when the token lapses mid-read, losing nothing', async () => {
    h = await soffront({ config: { workers: 1 } });
    const got = [];
    for await (const m of h.session.read('Contacts.csv', null)) {
      if (m.type === 'record') got.push(m.data);
      else h.clock.advance(1_801_000); // past the declared 30-minute token life, after every page
    }
    expect(got).toEqual(expected);
    expect(h.running.emulator.calls().byEndpoint['GET /token/{developerKey}/{userName}/{password}']).toBe(3);
  });

  it('retries injected 500s, 503s and dropped connections with backoff: nothing lost or doubled', async () => {
    h = await soffront();
    h.running.emulator.faults.configure({ seed: 3, error500: 0.2, error503: 0.2, drop: 0.1 });
    const got = records(await collect(h.session.read('Contacts.csv', null)));
    expect(got.map((m) => m.data)).toEqual(expected);
    const faults = h.running.emulator.calls().faults;
    expect(faults['500']).toBeGreaterThan(0);
    expect(faults['503']).toBeGreaterThan(0);
    expect(faults.drop).toBeGreaterThan(0);
    expect(h.clock.waits.some((ms) => ms >= 250)).toBe(true); // backed off (base 500 ms, jitter down to half)
  });

  it('gives up after the declared attempts with an error naming the endpoint and status, and no secret', async () => {
    h = await soffront();
    expect(await h.session.check()).toEqual({ ok: true }); // signed in
    h.running.emulator.faults.configure({ error503: 1 });
    const error = await collect(h.session.read('Contacts.csv', null)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestSourceError);
    expect((error as Error).message).toMatch(/^GET \/contacts: HTTP 503: .*gave up after 6 attempts/);
    for (const secret of Object.values(h.running.credentials)) {
      expect((error as Error).message).not.toContain(secret);
      expect(JSON.stringify(h.logs)).not.toContain(secret);
    }
  });
});
