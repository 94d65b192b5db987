import { describe, expect, it } from 'vitest';
import { planLimits } from '../../../src/runner/budget/plan-limits.ts';
import { createRateBudget, type RateBudgetOptions } from '../../../src/runner/budget/rate-budget.ts';
import { createBudgetRegistry } from '../../../src/runner/budget/registry.ts';
import { fakeTime } from './fake-time.ts';

function setup(limits: { perHour: number; perMinute: number }, extra: Partial<RateBudgetOptions> = {}, start = '2025-03-03T15:00:10Z') {
  const time = fakeTime(start);
  const budget = createRateBudget({ ...limits, now: time.now, sleep: time.sleep, ...extra });
  /** Acquires and records when (on the fake clock) the grant came. */
  const track = (label: string, log: string[], signal?: AbortSignal) => {
    const p = budget.acquire(signal).then(() => void log.push(`${label}@${time.iso().slice(11, 19)}`));
    p.catch(() => {});
    return p;
  };
  /** A call that came back without rate-limit headers. */
  const answered = () => budget.observe(null, false);
  return { time, budget, track, answered };
}

describe('createRateBudget: local windows', () => {
  it('grants up to the per-minute limit at once, then holds the next call until the minute turns', async () => {
    const { time, budget, track, answered } = setup({ perHour: 100, perMinute: 3 });
    const log: string[] = [];
    for (const l of ['a', 'b', 'c', 'd']) void track(l, log);
    await time.settle();
    expect(log).toEqual(['a@15:00:10', 'b@15:00:10', 'c@15:00:10']);
    for (let i = 0; i < 3; i++) answered();
    expect(budget.state()).toMatchObject({ limit: 3, remaining: 0, calls: 3, throttled: 0 });
    expect(budget.state().waitingUntil?.toISOString()).toBe('2025-03-03T15:01:00.000Z');

    await time.advance(49_999);
    expect(log).toHaveLength(3);
    await time.advance(1);
    expect(log.at(-1)).toBe('d@15:01:00');
    expect(budget.state()).toMatchObject({ remaining: 2, calls: 4, waitingUntil: null });
  });

  it('holds calls past the hourly limit until the hour turns, whatever the minute allows', async () => {
    const { time, track, answered } = setup({ perHour: 5, perMinute: 100 });
    const log: string[] = [];
    for (let i = 0; i < 6; i++) void track(String(i), log);
    await time.settle();
    expect(log).toHaveLength(5);
    for (let i = 0; i < 5; i++) answered();
    await time.advance(30 * 60_000);
    expect(log).toHaveLength(5);
    await time.advance(30 * 60_000);
    expect(log.at(-1)).toBe('5@16:00:00');
  });

  it('timeScale shortens both windows like the sandbox does', async () => {
    const { time, track, answered } = setup({ perHour: 2, perMinute: 100 }, { timeScale: 60 }, '2025-03-03T15:00:00Z');
    const log: string[] = [];
    for (let i = 0; i < 3; i++) void track(String(i), log);
    await time.settle();
    answered();
    answered();
    await time.advance(60_000); // one scaled hour
    expect(log).toEqual(['0@15:00:00', '1@15:00:00', '2@15:01:00']);
  });

  it('serves waiters first come, first served; a late caller never overtakes', async () => {
    const { time, track, answered } = setup({ perHour: 100, perMinute: 1 });
    const log: string[] = [];
    void track('a', log);
    await time.settle();
    answered();
    for (const l of ['b', 'c', 'd']) void track(l, log);
    await time.advance(50_000);
    answered();
    void track('late', log);
    for (let i = 0; i < 3; i++) {
      await time.advance(60_000);
      answered();
    }
    expect(log).toEqual(['a@15:00:10', 'b@15:01:00', 'c@15:02:00', 'd@15:03:00', 'late@15:04:00']);
  });

  it('an aborted wait rejects with the reason and leaves its place to the next caller', async () => {
    const { time, budget, track, answered } = setup({ perHour: 100, perMinute: 1 });
    const log: string[] = [];
    void track('a', log);
    await time.settle();
    answered();
    const stop = new AbortController();
    const b = track('b', log, stop.signal);
    void track('c', log);
    stop.abort(new Error('run paused'));
    await expect(b).rejects.toThrow('run paused');
    await time.advance(50_000);
    expect(log).toEqual(['a@15:00:10', 'c@15:01:00']);

    const already = new AbortController();
    already.abort(new Error('gone'));
    await expect(budget.acquire(already.signal)).rejects.toThrow('gone');
    expect(budget.state().calls).toBe(2);
  });

  it('a caller that aborts alone leaves no sleep behind', async () => {
    const { time, track, answered } = setup({ perHour: 100, perMinute: 1 });
    const log: string[] = [];
    void track('a', log);
    await time.settle();
    answered();
    const stop = new AbortController();
    const b = track('b', log, stop.signal);
    await time.settle();
    expect(time.nextWake()).toBe(Date.parse('2025-03-03T15:01:00Z'));
    stop.abort(new Error('cancelled'));
    await expect(b).rejects.toThrow('cancelled');
    await time.settle();
    expect(time.nextWake()).toBeNull();
  });
});

describe('createRateBudget: what answers report', () => {
  it('tightens to the remaining calls an answer reports, until its reset', async () => {
    const { time, budget, track, answered } = setup({ perHour: 1000, perMinute: 400 });
    const log: string[] = [];
    await track('a', log);
    // Other tools spent most of the account's hour.
    budget.observe({ limit: 1000, remaining: 2, resetAt: new Date('2025-03-03T15:30:00Z') }, false);
    expect(budget.state()).toMatchObject({ limit: 1000, remaining: 2 });
    expect(budget.state().resetAt?.toISOString()).toBe('2025-03-03T15:30:00.000Z');
    for (const l of ['b', 'c', 'd']) void track(l, log);
    await time.settle();
    answered();
    answered();
    expect(log).toEqual(['a@15:00:10', 'b@15:00:10', 'c@15:00:10']);
    expect(budget.state().waitingUntil?.toISOString()).toBe('2025-03-03T15:30:00.000Z');
    await time.advance(30 * 60_000);
    expect(log.at(-1)).toBe('d@15:30:00');
  });

  it('counts calls still in flight against what an answer reports', async () => {
    const { time, budget, track } = setup({ perHour: 1000, perMinute: 400 });
    const log: string[] = [];
    for (const l of ['a', 'b', 'c']) void track(l, log);
    await time.settle();
    // a's answer says 3 left; b and c are still out and may not be counted yet.
    budget.observe({ limit: 1000, remaining: 3, resetAt: new Date('2025-03-03T15:10:00Z') }, false);
    expect(budget.state().remaining).toBe(1);
  });

  it('never loosens the local windows', async () => {
    const { time, budget, track, answered } = setup({ perHour: 100, perMinute: 2 });
    const log: string[] = [];
    for (const l of ['a', 'b', 'c']) void track(l, log);
    await time.settle();
    budget.observe({ limit: 5000, remaining: 4000, resetAt: new Date('2025-03-03T16:00:00Z') }, false);
    answered();
    await time.settle();
    expect(log).toEqual(['a@15:00:10', 'b@15:00:10']);
    expect(budget.state().remaining).toBe(0);
  });

  it('a 429 stops every caller until the reset it reports', async () => {
    const { time, budget, track, answered } = setup({ perHour: 1000, perMinute: 400 });
    const log: string[] = [];
    await track('a', log);
    budget.observe({ limit: 400, remaining: 0, resetAt: new Date('2025-03-03T15:00:45Z') }, true);
    void track('b', log);
    void track('c', log);
    await time.settle();
    expect(budget.state()).toMatchObject({ throttled: 1, remaining: 0 });
    expect(budget.state().waitingUntil?.toISOString()).toBe('2025-03-03T15:00:45.000Z');
    await time.advance(34_999);
    expect(log).toEqual(['a@15:00:10']);
    await time.advance(1);
    answered();
    expect(log).toEqual(['a@15:00:10', 'b@15:00:45', 'c@15:00:45']);
  });

  it('a 429 without a reset backs off, doubling while 429s keep coming, and starts over after a good answer', async () => {
    const { time, budget, track, answered } = setup({ perHour: 1000, perMinute: 400 }, { backoffMs: 1_000 });
    const log: string[] = [];
    await track('a', log);
    budget.observe(null, true);
    void track('b', log);
    await time.advance(1_000);
    expect(log.at(-1)).toBe('b@15:00:11');
    budget.observe({ limit: null, remaining: null, resetAt: null }, true);
    void track('c', log);
    await time.advance(1_999);
    expect(log).toHaveLength(2);
    await time.advance(1);
    expect(log.at(-1)).toBe('c@15:00:13');
    answered();
    await track('d', log);
    budget.observe(null, true);
    void track('e', log);
    await time.advance(1_000);
    expect(log.at(-1)).toBe('e@15:00:14');
    expect(budget.state().throttled).toBe(3);
  });

  it('a stale reset (in the past) is read as no reset at all', async () => {
    const { time, budget, track } = setup({ perHour: 1000, perMinute: 400 }, { backoffMs: 5_000 });
    const log: string[] = [];
    await track('a', log);
    budget.observe({ limit: 400, remaining: 0, resetAt: new Date('2025-03-03T15:00:00Z') }, true);
    void track('b', log);
    await time.advance(4_999);
    expect(log).toHaveLength(1);
    await time.advance(1);
    expect(log.at(-1)).toBe('b@15:00:15');
  });
});

describe('createRateBudget: calls in flight when a window turns', () => {
  it('counts them in the new window until an answer shows they were counted in the old one', async () => {
    const { time, budget, track, answered } = setup({ perHour: 100, perMinute: 2 }, {}, '2025-03-03T15:00:59Z');
    const log: string[] = [];
    void track('a', log);
    void track('b', log);
    await time.settle();
    await time.advance(1_000); // 15:01:00: a and b are still unanswered
    void track('c', log);
    await time.settle();
    expect(log).toEqual(['a@15:00:59', 'b@15:00:59']);
    expect(budget.state().waitingUntil?.toISOString()).toBe('2025-03-03T15:02:00.000Z');

    // a's answer reports the window that closed at 15:01:00: a was counted there, so its place is free again.
    budget.observe({ limit: 2, remaining: 0, resetAt: new Date('2025-03-03T15:01:00Z') }, false);
    // The freed place is c's, who waited first, not a caller arriving that same moment.
    void track('late', log);
    await time.settle();
    expect(log).toEqual(['a@15:00:59', 'b@15:00:59', 'c@15:01:00']);
    // b's answer says nothing about where it was counted: it keeps its place in this minute.
    answered();
    await time.advance(59_999);
    expect(log).toHaveLength(3);
    await time.advance(1);
    expect(log.at(-1)).toBe('late@15:02:00');
  });
});

describe('budget registry and plan limits', () => {
  it('hands every run into one account the same budget, with the stricter limits', async () => {
    const time = fakeTime('2025-03-03T15:00:10Z');
    const registry = createBudgetRegistry({ now: time.now, sleep: time.sleep });
    const a = registry.for('https://acme.myfreshworks.com/crm/sales/api', { perHour: 1000, perMinute: 400 });
    const b = registry.for('https://acme.myfreshworks.com/crm/sales/api', { perHour: 1000, perMinute: 2 });
    const other = registry.for('https://globex.myfreshworks.com/crm/sales/api', { perHour: 1000, perMinute: 400 });
    expect(b).toBe(a);
    expect(other).not.toBe(a);
    await a.acquire();
    await b.acquire();
    expect(a.state()).toMatchObject({ calls: 2, remaining: 0, limit: 2 });
    expect(other.state()).toMatchObject({ calls: 0, remaining: 400 });
  });

  it('reads plan limits from the knowledge base and refuses nonsense limits', () => {
    expect(planLimits('growth')).toEqual({ perHour: 1000, perMinute: 400 });
    expect(planLimits('enterprise')).toEqual({ perHour: 5000, perMinute: 400 });
    const time = fakeTime();
    expect(() => createRateBudget({ perHour: 0, perMinute: 10, now: time.now, sleep: time.sleep })).toThrow('perHour must be a positive integer, got 0');
  });
});
