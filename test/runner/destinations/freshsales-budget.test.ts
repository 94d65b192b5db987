import { afterEach, describe, expect, it } from 'vitest';
import { createBudgetRegistry } from '../../../src/runner/budget/registry.ts';
import { FreshsalesError } from '../../../src/runner/destinations/freshsales/errors.ts';
import type { TestSandbox } from '../../sandbox/helpers.ts';
import { batchOf, clockSleep, collect, contactRecords, openSession, startDestinationSandbox } from './helpers.ts';

let sb: TestSandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

const sandboxCalls = async (s: TestSandbox) => (await (await fetch(`${s.url}/_sandbox/calls`)).json()) as { total: number; limited: number };

describe('the account budget in front of every call', () => {
  it('two sessions sharing one budget never draw a 429 under a small plan', async () => {
    // 24 calls an hour and 5 a minute; with timeScale 60 an hour of the plan passes in one minute of the clock.
    const limits = { perHour: 24, perMinute: 5 };
    sb = await startDestinationSandbox({ limits, timeScale: 60 });
    sb.clock.set('2025-03-03T15:00:00.250Z');
    const budgets = createBudgetRegistry({ now: sb.clock.now, sleep: clockSleep(sb), timeScale: 60 });
    const budget = budgets.for(new URL(sb.suiteBaseUrl).host, limits);
    const suite = openSession(sb, { budget: budgets.for(new URL(sb.suiteBaseUrl).host, limits) });
    const classic = openSession(sb, { edition: 'classic', budget });
    const started = sb.clock.now().getTime();

    const work = async (session: typeof suite, prefix: string) => {
      await session.describe();
      for (let i = 0; i < 3; i++) {
        const out = await session.write(batchOf('contacts', contactRecords([1, 2, 3, 4].map((n) => `${prefix}${i}-${n}`))));
        expect(out.map((o) => o.status)).toEqual(['written', 'written', 'written', 'written']);
      }
      return collect(session.snapshot('contacts'));
    };
    await Promise.all([work(suite, 's'), work(classic, 'c')]);

    const calls = await sandboxCalls(sb);
    expect(calls.limited).toBe(0);
    expect(calls.total).toBe(budget.state().calls);
    // 2 × (15 to describe + 3 × 2 to write + 2 to snapshot) = 46 calls: the hourly allowance turned at least once.
    expect(calls.total).toBe(46);
    expect(sb.clock.now().getTime() - started).toBeGreaterThanOrEqual(60_000);
    expect(budget.state().throttled).toBe(0);
  });

  it("a 429 (other tools spent the account's minute) fails the call, blocks the budget until the reset, then calls go again", async () => {
    const limits = { perHour: 1000, perMinute: 5 };
    sb = await startDestinationSandbox({ limits });
    sb.clock.set('2025-03-03T15:00:10Z');
    const budget = createBudgetRegistry({ now: sb.clock.now, sleep: clockSleep(sb) }).for(new URL(sb.suiteBaseUrl).host, limits);
    const session = openSession(sb, { budget });
    const [written] = await session.write(batchOf('contacts', contactRecords(['x'])));
    const id = written!.status === 'written' ? written!.destinationId : '';

    for (let i = 0; i < 4; i++) expect((await sb.raw('/crm/sales/api/selector/owners')).status).toBe(200);
    const err = await session.fetch('contacts', [id]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FreshsalesError);
    expect(err).toMatchObject({ code: 'FRESHSALES_RATE_LIMITED', status: 429, retryable: true });
    expect(budget.state()).toMatchObject({ throttled: 1, remaining: 0 });
    expect(budget.state().resetAt?.toISOString()).toBe('2025-03-03T15:01:00.000Z');

    // The next call waits for the reset instead of drawing another 429; the session itself never retried.
    expect((await session.fetch('contacts', [id])).get(id)).toMatchObject({ email: 'x@example.com' });
    expect(sb.clock.now().toISOString()).toBe('2025-03-03T15:01:00.000Z');
    expect(await sandboxCalls(sb)).toMatchObject({ total: 7, limited: 1 });
  });

  it('a stopped run makes no call: waiting for the budget ends with the run', async () => {
    sb = await startDestinationSandbox();
    const budget = createBudgetRegistry({ now: sb.clock.now, sleep: clockSleep(sb) }).for('acct', { perHour: 10, perMinute: 10 });
    const run = new AbortController();
    run.abort(new Error('run paused'));
    const err = await openSession(sb, { budget, signal: run.signal }).describe().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FRESHSALES_UNREACHABLE', message: expect.stringContaining('run paused') });
    expect(budget.state().calls).toBe(0);
    expect((await sandboxCalls(sb)).total).toBe(0);
  });
});
