import { afterEach, describe, expect, it } from 'vitest';
import { expectFreshsalesError, startTestSandbox, type TestSandbox } from './helpers.ts';

let sb: TestSandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

describe('the sandbox rate limit', () => {
  it('with a tiny per-minute limit the (N+1)th call gets 429 and the headers count down', async () => {
    sb = await startTestSandbox({ plan: 'growth', limits: { perMinute: 3 } });
    sb.clock.set('2025-03-03T15:00:10Z');
    const remaining: Array<number | null> = [];
    for (let i = 0; i < 3; i++) {
      await sb.suite.owners();
      remaining.push(sb.suite.rateLimit()!.remaining);
    }
    expect(remaining).toEqual([2, 1, 0]);
    expect(sb.suite.rateLimit()!.limit).toBe(3);
    expect(sb.suite.rateLimit()!.resetAt!.toISOString()).toBe('2025-03-03T15:01:00.000Z');

    const err = await expectFreshsalesError(sb.suite.owners(), 'FRESHSALES_RATE_LIMITED');
    expect(err.status).toBe(429);
    expect(err.retryable).toBe(true);
    const res = await sb.raw('/crm/sales/api/selector/owners');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2025-03-03T15:01:00Z') / 1000));
    expect(await res.json()).toMatchObject({ errors: { code: 429 } });

    // The window is per account, whichever edition's path the call takes, and it reopens when the minute turns.
    await expectFreshsalesError(sb.classic.owners(), 'FRESHSALES_RATE_LIMITED');
    sb.clock.advance(50_000);
    await sb.classic.owners();
    expect(sb.classic.rateLimit()!.remaining).toBe(2);
  });

  it('the plan sets the hourly budget; timeScale compresses the hour; unauthenticated calls cost nothing', async () => {
    sb = await startTestSandbox({ plan: 'enterprise', limits: { perMinute: 10_000 }, timeScale: 60 });
    sb.clock.set('2025-03-03T15:00:00Z');
    expect((await sb.raw('/crm/sales/api/selector/owners', { key: 'wrong-key-123' })).status).toBe(401);
    await sb.suite.owners();
    expect(sb.suite.rateLimit()).toMatchObject({ limit: 5000, remaining: 4999 });
    // With timeScale 60 the hourly window lasts one minute of sandbox time.
    expect(sb.suite.rateLimit()!.resetAt!.toISOString()).toBe('2025-03-03T15:01:00.000Z');

    const calls = (await (await fetch(`${sb.url}/_sandbox/calls`)).json()) as { total: number; limited: number; perMinute: Array<{ calls: number }> };
    expect(calls).toMatchObject({ total: 1, limited: 0 });
    expect(calls.perMinute.at(-1)!.calls).toBe(1);
  });

  it('the hourly budget refuses once spent and recovers in the next (scaled) hour', async () => {
    sb = await startTestSandbox({ limits: { perHour: 2, perMinute: 100 }, timeScale: 3600 });
    sb.clock.set('2025-03-03T15:00:00.000Z');
    await sb.suite.owners();
    await sb.suite.owners();
    await expectFreshsalesError(sb.suite.owners(), 'FRESHSALES_RATE_LIMITED');
    expect(sb.suite.rateLimit()).toMatchObject({ limit: 2, remaining: 0 });
    const calls = (await (await fetch(`${sb.url}/_sandbox/calls`)).json()) as { total: number; limited: number };
    expect(calls).toMatchObject({ total: 3, limited: 1 });
    sb.clock.advance(1_000); // one sandbox hour at timeScale 3600
    await sb.suite.owners();
  });
});
