import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collect, exportRows, testCtx, FIXTURES, generatedExport, harness, platformOf, records, type Harness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('FastTrack throttling', () => {
  const COMPANY = ['Client ID', 'Client Name', 'Parent ID', 'Created'];
  const CONTACT = ['Contact ID', 'Given Name', 'Surname', 'Client ID'];
  const dir = generatedExport('companies.csv', COMPANY, 450, (i) => [`C-${i}`, `Firm ${i}, Pty Ltd`, i > 1 ? 'C-1' : '', '01/03/2018']);
  const contacts = generatedExport('contacts.csv', CONTACT, 450, (i) => [String(10_000 + i), `Given ${i}`, `Surname ${i}`, `C-${i}`]);
  // Both files in one folder: the emulator serves whatever export files the folder holds.
  beforeAll(async () => {
    const { copyFileSync } = await import('node:fs');
    copyFileSync(join(contacts.dir, 'contacts.csv'), join(dir.dir, 'contacts.csv'));
  });
  afterAll(() => (dir.remove(), contacts.remove()));
  const streams = { 'companies.csv': { object: 'company', columns: COMPANY }, 'contacts.csv': { object: 'contact', columns: CONTACT } };

  it('honours 429 and Retry-After when the tenant throttles below what the run was told', async () => {
    h = await harness({
      platform: platformOf('fasttrack'),
      exportDir: dir.dir,
      streams,
      config: { rateLimit: { calls: 50, perSeconds: 1 }, workers: 1 },
      emulator: { throttle: { calls: 1, perSeconds: 30 } },
    });
    const got = records(await collect(h.session.read('companies.csv', null)));
    expect(got.map((m) => m.data)).toEqual((await exportRows(dir.dir, 'companies.csv')).rows);
    // Five pages, one call per 30 s window: every page after the first meets one 429, waits out its Retry-After
    // (the rest of the window), and goes through. A shorter backoff would have met several 429s per page.
    expect(h.running.emulator.calls().throttled).toBe(4);
    expect(h.running.emulator.calls().byEndpoint['GET /v1/companies']).toBe(5);
  });

  it('paces every read of one tenant on one budget: two runs at once at the declared throttle never see a 429', async () => {
    h = await harness({ platform: platformOf('fasttrack'), exportDir: dir.dir, streams, emulator: { throttle: { calls: 5, perSeconds: 1 } } });
    // A second run on the same tenant opens its own session of the same connector.
    const other = h.source.open(h.config, testCtx(h.clock));
    const [companies, people] = await Promise.all([collect(h.session.read('companies.csv', null)), collect(other.read('contacts.csv', null))]);
    expect(records(companies)).toHaveLength(450);
    expect(records(people)).toHaveLength(450);
    expect(h.running.emulator.calls().throttled).toBe(0);
    expect(h.clock.waits.length).toBeGreaterThan(0); // the budget, not luck, kept the pace
  });

  it('takes a tenant-specific throttle from the config', async () => {
    h = await harness({
      platform: platformOf('fasttrack'),
      exportDir: dir.dir,
      streams,
      config: { rateLimit: { calls: 2, perSeconds: 3 } },
      emulator: { throttle: { calls: 2, perSeconds: 3 } },
    });
    expect(records(await collect(h.session.read('companies.csv', null)))).toHaveLength(450);
    expect(h.running.emulator.calls().throttled).toBe(0);
  });
});

describe('incremental reads', () => {
  const ids = (messages: Awaited<ReturnType<typeof collect>>, key: string) => records(messages).map((m) => m.data[key]);

  it('Soffront: only contacts modified after the instant, read in the platform time zone', async () => {
    const dir = join(FIXTURES, 'soffront');
    const columns = (await exportRows(dir, 'Contacts.csv')).headers;
    const streams = { 'Contacts.csv': { object: 'contact', columns }, 'Accounts.csv': 'account' };
    // C-10006 was modified 01/11/2024 01:55 PM Pacific, which is 21:55Z.
    h = await harness({ platform: platformOf('soffront'), exportDir: dir, streams, config: { since: '2024-01-11T21:54:59Z' } });
    const before = await collect(h.session.read('Contacts.csv', null));
    expect(ids(before, 'ContactID')).toEqual(['C-10003', 'C-10006', 'C-10009']);
    expect(before.at(-1)).toMatchObject({ type: 'checkpoint', state: { since: '2024-01-11T21:54:59Z' } });
    await h.stop();

    h = await harness({ platform: platformOf('soffront'), exportDir: dir, streams, config: { since: '2024-01-11T21:55:00Z' } });
    expect(ids(await collect(h.session.read('Contacts.csv', null)), 'ContactID')).toEqual(['C-10003', 'C-10009']);
    // Accounts declare no cursor field: read whole, and the log says so.
    expect(records(await collect(h.session.read('Accounts.csv', null)))).toHaveLength((await exportRows(dir, 'Accounts.csv')).rows.length);
    expect(h.logs.some((l) => l.level === 'warn' && l.fields?.stream === 'Accounts.csv')).toBe(true);
  });

  it('FastTrack: only contacts updated after the instant', async () => {
    const dir = join(FIXTURES, 'fasttrack');
    const columns = (await exportRows(dir, 'contacts.csv')).headers;
    h = await harness({ platform: platformOf('fasttrack'), exportDir: dir, streams: { 'contacts.csv': { object: 'contact', columns } }, config: { since: '2024-04-01T00:00:00Z' } });
    expect(ids(await collect(h.session.read('contacts.csv', null)), 'Contact ID')).toEqual(['10452', '10453', '10462', '10463']);
  });
});
