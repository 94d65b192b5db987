import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ ESTIMATE_RATE_LIMIT: '100000', LOG_LEVEL: 'warn' });
});
afterAll(() => s.stop());

const SOURCES = ['soffront', 'profi', 'fasttrack', 'promio', 'kartra'];
const OBJECTS = ['contact', 'account', 'deal', 'member', 'lead', 'customer', 'transaction', 'ticket', 'nope', ''];

// Values near the schema (often valid) mixed with anything at all, so both paths of the validator get exercised.
const count = fc.oneof(fc.nat(3_000_000), fc.integer({ min: -5, max: 5 }), fc.double(), fc.string(), fc.constant(null), fc.anything());
const input = fc.record(
  {
    source: fc.oneof(fc.constantFrom(...SOURCES), fc.string(), fc.anything()),
    destination: fc.oneof(fc.constant('freshsales'), fc.string(), fc.anything()),
    plan: fc.oneof(fc.constantFrom('growth', 'pro', 'enterprise'), fc.string(), fc.anything()),
    records: fc.oneof(fc.dictionary(fc.constantFrom(...OBJECTS), count, { maxKeys: 4 }), fc.anything()),
    customFields: fc.oneof(fc.dictionary(fc.constantFrom(...OBJECTS), count, { maxKeys: 3 }), fc.anything()),
    attachments: fc.oneof(fc.record({ count, totalMb: count, largestMb: count }, { requiredKeys: [] }), fc.anything()),
    workflows: count,
    options: fc.oneof(
      fc.record(
        { deltaWindowHours: count, extraDeltaRuns: count, sandboxRehearsals: count, expedited: fc.oneof(fc.boolean(), fc.anything()), hypercareDays: count },
        { requiredKeys: [] },
      ),
      fc.anything(),
    ),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);

describe('POST /api/v1/estimates never fails with a 500', () => {
  it('answers 201, or 400 naming the offending paths, for any body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 9, arbitrary: input }, { weight: 1, arbitrary: fc.anything() }), async (body) => {
        const res = await s.call('/api/v1/estimates', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body) ?? 'null',
        });
        const json = await res.json();
        if (res.status === 201) {
          expect(json.id).toMatch(/^est_/);
          return;
        }
        expect(res.status).toBe(400);
        expect(json.error.code).toBe('BAD_REQUEST');
        expect(Array.isArray(json.error.details) && json.error.details.length > 0).toBe(true);
        for (const d of json.error.details) expect(typeof d.path).toBe('string');
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
});
