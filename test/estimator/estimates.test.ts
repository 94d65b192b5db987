import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import typical from '../fixtures/typical-accounts.json' with { type: 'json' };
import { knowledgeBase } from '../../rules/index.ts';
import { expectEnvelope, jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ ESTIMATE_RATE_LIMIT: '1000' });
});
afterAll(() => s.stop());

const quote = async (input: unknown) => {
  const res = await s.call('/api/v1/estimates', jsonInit('POST', input));
  return { res, text: await res.text() };
};
const ok = async (input: unknown) => {
  const { res, text } = await quote(input);
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${text}`);
  return JSON.parse(text);
};

const STATED_DAYS: Record<string, [number, number]> = {
  soffront: [21, 35], // 3–5 weeks
  profi: [2, 3], // 48–72 hours
  fasttrack: [1, 3], // 24–72 hours
  promio: [21, 35], // 3–5 weeks
  kartra: [14, 28], // 2–4 weeks
};

describe('the five seed pairs', () => {
  it.each(Object.keys(STATED_DAYS))('%s: compatibility from its table, and a calendar range overlapping its stated timeline', async (source) => {
    const account = (typical as unknown as Record<string, object>)[source]!;
    const e = await ok({ source, destination: 'freshsales', ...account });
    const pair = knowledgeBase.pair(source, 'freshsales')!;
    expect(e.compatibility.oneToOne).toBe(pair.rows.filter((r) => r.cardinality === '1:1').length);
    expect(e.compatibility.total).toBe(pair.rows.length);
    const [lo, hi] = STATED_DAYS[source]!;
    const { minDays, maxDays } = e.timeline.calendar;
    expect(minDays).toBeLessThanOrEqual(hi);
    expect(maxDays).toBeGreaterThanOrEqual(lo);
    expect(e.price.total).toBeGreaterThan(0);
    expect(e.price.lines.every((l: { rule: string }) => l.rule.length > 0)).toBe(true);
    expect(e.grades.dimensions).toHaveLength(5);
    expect(e.grades.overall.label).toMatch(/Simple|Standard|Moderate|Complex|Scoped individually/);
  });

  it('quotes Soffront 7 of 10, Profi 11 of 11, FastTrack 9 of 10, Promio 6 of 8, Kartra 6 of 9', async () => {
    const got: Record<string, string> = {};
    for (const source of Object.keys(STATED_DAYS)) {
      const e = await ok({ source, destination: 'freshsales' });
      got[source] = `${e.compatibility.oneToOne}/${e.compatibility.total}`;
    }
    expect(got).toEqual({ soffront: '7/10', profi: '11/11', fasttrack: '9/10', promio: '6/8', kartra: '6/9' });
  });
});

describe('rules that matter to a prospect', () => {
  it('scopes a 2.5M-record migration individually, without a price', async () => {
    const e = await ok({ source: 'kartra', destination: 'freshsales', plan: 'enterprise', records: { contact: 2_000_000, transaction: 500_000 } });
    expect(e.price).toMatchObject({ scopedIndividually: true, total: null, lines: [] });
    expect(e.price.reason).toContain('2,500,000');
    expect(e.grades.overall).toMatchObject({ grade: 'E', label: 'Scoped individually' });
  });

  it('raises the Enterprise gotcha for custom objects on Growth, and not on Enterprise', async () => {
    const input = { source: 'soffront', destination: 'freshsales', records: { contact: 5000, custom_object: 800 } };
    const growth = await ok({ ...input, plan: 'growth' });
    const hit = growth.gotchas.find((g: { id: string }) => g.id === 'custom-objects-need-enterprise');
    expect(hit).toMatchObject({ severity: 'high', ref: 'freshsales:custom-modules-enterprise-only' });
    expect(hit.explanation).toContain('800');
    const enterprise = await ok({ ...input, plan: 'enterprise' });
    expect(enterprise.gotchas.map((g: { id: string }) => g.id)).not.toContain('custom-objects-need-enterprise');
  });

  it('makes custom fields beyond the per-entity quota a blocker, ranked first', async () => {
    const e = await ok({ source: 'fasttrack', destination: 'freshsales', plan: 'growth', records: { contact: 100 }, customFields: { contact: 160 } });
    expect(e.gotchas[0]).toMatchObject({ id: 'custom-fields-over-quota', severity: 'blocker' });
    const ranks = e.gotchas.map((g: { severity: string }) => ['blocker', 'high', 'medium', 'low'].indexOf(g.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it("puts Promio's export-request wait into the timeline", async () => {
    const e = await ok({ source: 'promio', destination: 'freshsales', records: { customer: 5000 } });
    const wait = e.timeline.phases.find((p: { kind: string }) => p.kind === 'export_request');
    expect(wait).toMatchObject({ minDays: 7, maxDays: 21 });
    expect(e.timeline.api.sourceCalls).toBe(0); // export files cost no API calls
    expect(e.gotchas.map((g: { id: string }) => g.id)).toEqual(expect.arrayContaining(['no-source-api', 'export-request-wait']));
  });

  it('raises transferHours by what the API math says when contacts grow tenfold on Growth', async () => {
    const at = async (contacts: number) =>
      (await ok({ source: 'soffront', destination: 'freshsales', plan: 'growth', records: { contact: contacts } })).timeline.api;
    const small = await at(10_000);
    const large = await at(100_000);
    // Writes: bulk upsert of 100 contacts per call plus one job-status poll each; read-back: 100 per page.
    const destinationDelta = (100_000 / 100) * 2 - (10_000 / 100) * 2 + (100_000 / 100 - 10_000 / 100);
    // Reads: Soffront pages of 500 rows at the assumed 2 calls/s (Soffront publishes no rate limit).
    const sourceDelta = 100_000 / 500 - 10_000 / 500;
    expect(large.destinationCalls - small.destinationCalls).toBe(destinationDelta);
    expect(large.sourceCalls - small.sourceCalls).toBe(sourceDelta);
    const expectedHours = destinationDelta / 1000 + sourceDelta / 7200;
    expect(large.transferHours - small.transferHours).toBeCloseTo(expectedHours, 1);
    expect(large.binding.limit).toContain('1000 API calls per hour');
  });

  it('prices extras from the rules, each line naming its rule', async () => {
    const base = { source: 'profi', destination: 'freshsales', records: { member: 2000 } };
    const plain = await ok(base);
    const extras = await ok({ ...base, workflows: 10, attachments: { count: 50, totalMb: 2048 }, options: { sandboxRehearsals: 3, expedited: true } });
    const rules = extras.price.lines.map((l: { rule: string }) => l.rule);
    expect(rules).toEqual(expect.arrayContaining(['band-up-to-10k', 'workflow-inventory', 'attachments-up-to-10gb', 'extra-rehearsals', 'expedited']));
    expect(extras.price.total).toBeGreaterThan(plain.price.total);
    const rehearsals = extras.price.lines.find((l: { rule: string }) => l.rule === 'extra-rehearsals');
    expect(rehearsals.amount).toBe(1200); // 2 extra × $600
    expect(extras.timeline.calendar.maxDays).toBeGreaterThan(plain.timeline.calendar.maxDays);
  });
});

describe('storage and determinism', () => {
  it('returns byte-identical output for the same input, and GET returns the stored quote unchanged', async () => {
    const input = { source: 'kartra', destination: 'freshsales', plan: 'pro', records: { contact: 12345, transaction: 678 }, workflows: 3 };
    const a = await quote(input);
    const b = await quote(input);
    const strip = (t: string) => t.replace(/"id":"est_[^"]+",/, '');
    expect(strip(a.text)).toBe(strip(b.text));
    const id = JSON.parse(a.text).id as string;
    expect(id).toMatch(/^est_[A-Za-z0-9_-]{24}$/);
    expect(a.res.headers.get('location')).toBe(`/api/v1/estimates/${id}`);
    const got = await s.call(`/api/v1/estimates/${id}`);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe(a.text);
    await expectEnvelope(await s.call('/api/v1/estimates/est_nope'), 404, 'NOT_FOUND');
  });
});

describe('bad input', () => {
  it('names an unknown object id and lists the valid ones', async () => {
    const err = await expectEnvelope(await s.call('/api/v1/estimates', jsonInit('POST', { source: 'kartra', destination: 'freshsales', records: { invoices: 3 } })), 400, 'BAD_REQUEST');
    expect(err.details).toEqual([expect.objectContaining({ path: 'records.invoices', message: expect.stringContaining('transaction') })]);
  });

  it('names unknown platforms and negative or fractional counts', async () => {
    const platform = await expectEnvelope(await s.call('/api/v1/estimates', jsonInit('POST', { source: 'hubspot', destination: 'freshsales' })), 400, 'BAD_REQUEST');
    expect(platform.details).toEqual([expect.objectContaining({ path: 'source', message: expect.stringContaining('kartra') })]);
    const counts = await expectEnvelope(
      await s.call('/api/v1/estimates', jsonInit('POST', { source: 'kartra', destination: 'freshsales', records: { contact: -1, transaction: 2.5 } })),
      400,
      'BAD_REQUEST',
    );
    expect((counts.details as { path: string }[]).map((d) => d.path).sort()).toEqual(['records.contact', 'records.transaction']);
  });
});

describe('per-client rate limit', () => {
  it('answers 429 in the envelope with Retry-After once the limit is spent', async () => {
    const limited = await startTestServer({ ESTIMATE_RATE_LIMIT: '2' });
    try {
      const body = { source: 'profi', destination: 'freshsales' };
      expect((await limited.call('/api/v1/estimates', jsonInit('POST', body))).status).toBe(201);
      expect((await limited.call('/api/v1/estimates', jsonInit('POST', body))).status).toBe(201);
      const res = await limited.call('/api/v1/estimates', jsonInit('POST', body));
      const err = await expectEnvelope(res, 429, 'RATE_LIMITED');
      expect(err.message).toContain('2 per 60 s');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      // Reading stored quotes and the catalogue are not limited.
      expect((await limited.call('/api/v1/platforms')).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
