import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actualHash, compareRecord, mappedHash } from '../../../src/runner/transform/index.ts';
import { isoWithOffset } from '../../../src/runner/transform/zone-offset.ts';
import { customField, defaultDestination } from './helpers.ts';

const destination = defaultDestination();
destination.fields.deals.push(customField('cf_channels', 'multi_select_dropdown', ['Google Ads', 'Display']), customField('cf_tier', 'dropdown', ['Gold', 'Silver']));
const won = destination.selectors.deal_stages!.find((c) => c.value === 'Won')!.id as number;

const expected = {
  name: 'Pacific Pumps: 40 sensor kits',
  amount: 5600,
  deal_stage_id: won,
  closed_date: '2023-12-04',
  tags: ['vip', 'renewal'],
  contact_ids: [11, 12],
  custom_field: {
    cf_channels: ['Google Ads', 'Display'],
    cf_tier: 'Gold',
    cf_ferry_source_id: 'deal:O-5005',
    cf_ferry_source_created_at: '2023-08-15T08:00:00-07:00',
  },
};
/** What Freshsales shows after writing `expected`: its own number, date-time and list forms, plus fields Ferry never set. */
const honest = {
  id: 901,
  name: 'Pacific Pumps: 40 sensor kits',
  amount: '5600.0',
  deal_stage_id: won,
  closed_date: '2023-12-04',
  tags: ['renewal', 'vip'],
  contact_ids: [12, 11],
  created_at: '2024-06-01T10:00:00-04:00',
  custom_field: {
    cf_channels: 'Display;Google Ads',
    cf_tier: 'Gold',
    cf_ferry_source_id: 'deal:O-5005',
    cf_ferry_source_created_at: '2023-08-15T11:00:00-04:00',
  },
};

describe('comparing what Ferry wrote with what the destination holds', () => {
  it('matches an honest round trip field by field, and the hashes agree', async () => {
    const diff = compareRecord(expected, honest, destination, 'deals');
    expect(diff.filter((d) => !d.match)).toEqual([]);
    expect(diff.map((d) => d.field)).toEqual(['name', 'amount', 'deal_stage_id', 'closed_date', 'tags', 'contact_ids', 'cf_channels', 'cf_tier', 'cf_ferry_source_id', 'cf_ferry_source_created_at']);
    expect(await actualHash(honest, expected, destination, 'deals')).toBe(await mappedHash(expected));
  });

  it('reads the write-only contacts_added_list back as contact_ids', () => {
    expect(compareRecord({ contacts_added_list: [1, 2] }, { id: 3, contact_ids: [2, 1] }, destination, 'deals')[0]!.match).toBe(true);
    expect(compareRecord({ contacts_added_list: [1, 2] }, { id: 3, contact_ids: [2] }, destination, 'deals')[0]!.match).toBe(false);
  });

  it('matches choice values against the ids Ferry sent, and primary emails against the email', () => {
    expect(compareRecord({ deal_stage_id: won }, { id: 1, deal_stage_id: 'won' }, destination, 'deals')[0]!.match).toBe(true);
    expect(compareRecord({ deal_stage_id: won }, { id: 1, deal_stage_id: String(won) }, destination)[0]!.match).toBe(true);
    const contact = { id: 2, email: 'a@x.example', emails: [{ id: 5, value: 'b@x.example', is_primary: false }, { id: 6, value: 'a@x.example', is_primary: true }] };
    expect(compareRecord({ emails: 'a@x.example' }, contact, destination, 'contacts')[0]).toEqual({ field: 'emails', expected: 'a@x.example', actual: 'a@x.example', match: true });
  });

  it('shows every real difference, and then the hashes differ', async () => {
    const changed = {
      ...honest,
      amount: '5601.0',
      deal_stage_id: won + 1,
      closed_date: '2023-12-05',
      tags: ['vip'],
      contact_ids: [11],
      custom_field: { ...honest.custom_field, cf_tier: 'Silver', cf_ferry_source_created_at: '2023-08-15T08:00:00-04:00' },
    };
    const diff = compareRecord(expected, changed, destination, 'deals');
    expect(diff.filter((d) => !d.match).map((d) => d.field)).toEqual(['amount', 'deal_stage_id', 'closed_date', 'tags', 'contact_ids', 'cf_tier', 'cf_ferry_source_created_at']);
    expect(diff.find((d) => d.field === 'amount')).toEqual({ field: 'amount', expected: 5600, actual: 5601, match: false });
    expect(await actualHash(changed, expected, destination, 'deals')).not.toBe(await mappedHash(expected));
  });

  it('counts a field the destination lost as a mismatch', () => {
    const { custom_field: _dropped, ...bare } = honest;
    const diff = compareRecord(expected, bare, destination, 'deals');
    expect(diff.filter((d) => !d.match).map((d) => d.field)).toEqual(['cf_channels', 'cf_tier', 'cf_ferry_source_id', 'cf_ferry_source_created_at']);
    expect(diff.find((d) => d.field === 'cf_tier')).toEqual({ field: 'cf_tier', expected: 'Gold', actual: null, match: false });
  });

  it('keeps text exact: leading zeros, case and inner spacing are real differences', () => {
    const diff = compareRecord({ zipcode: '02110', city: 'Austin', address: 'a\r\nb' }, { id: 1, zipcode: 2110, city: 'austin', address: 'a\nb ' }, destination, 'contacts');
    expect(diff.map((d) => [d.field, d.match])).toEqual([
      ['zipcode', false],
      ['city', false],
      ['address', true],
    ]);
  });
});

/** A record Ferry could write, and what an honest destination would show for it (the shuffles and formats it may apply). */
const roundTrip = fc
  .record({
    name: fc.string({ maxLength: 30 }),
    cents: fc.integer({ min: -100_000_000_00, max: 100_000_000_00 }),
    stage: fc.integer({ min: 1, max: 100_000 }),
    at: fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
    offsets: fc.tuple(fc.integer({ min: -48, max: 56 }), fc.integer({ min: -48, max: 56 })),
    tags: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 5 }),
    flag: fc.boolean(),
    custom: fc.dictionary(fc.constantFrom('cf_a', 'cf_b', 'cf_c'), fc.oneof(fc.string({ maxLength: 10 }), fc.integer())),
    amountAsText: fc.boolean(),
    seed: fc.integer(),
  })
  .map((g) => {
    const amount = g.cents / 100;
    const expected = {
      name: g.name,
      amount,
      deal_stage_id: g.stage,
      when: isoWithOffset(g.at, g.offsets[0] * 15),
      tags: g.tags,
      flag: g.flag,
      custom_field: g.custom,
    };
    const shuffled = [...g.tags].sort(() => (g.seed % 2 ? 1 : -1));
    const actual = {
      id: 1,
      name: g.name,
      amount: g.amountAsText ? (Number.isInteger(amount) ? `${amount}.0` : String(amount)) : amount,
      deal_stage_id: g.seed % 3 === 0 ? String(g.stage) : g.stage,
      when: isoWithOffset(g.at, g.offsets[1] * 15),
      tags: shuffled,
      flag: g.seed % 5 === 0 ? String(g.flag) : g.flag,
      custom_field: { ...g.custom },
    };
    return { expected, actual };
  });

describe('compareRecord and the hashes agree', () => {
  it('an honest round trip always matches and hashes equal', async () => {
    await fc.assert(
      fc.asyncProperty(roundTrip, async ({ expected, actual }) => {
        expect(compareRecord(expected, actual, destination).every((d) => d.match)).toBe(true);
        expect(await actualHash(actual, expected, destination)).toBe(await mappedHash(expected));
      }),
      { numRuns: 200 },
    );
  });

  it('any one changed field is a mismatch, and the hashes then differ', async () => {
    const change: Record<string, (v: unknown) => unknown> = {
      name: (v) => `${String(v).trim()}!`,
      amount: (v) => Number(v) + 0.01,
      deal_stage_id: (v) => Number(v) + 1,
      when: (v) => new Date(Date.parse(String(v)) + 60_000).toISOString(),
      tags: (v) => [...(v as string[]), 'added-by-someone'],
      flag: (v) => !(v === true || v === 'true'),
    };
    await fc.assert(
      fc.asyncProperty(roundTrip, fc.constantFrom(...Object.keys(change)), async ({ expected, actual }, key) => {
        const edited = { ...actual, [key]: change[key]!((actual as Record<string, unknown>)[key]) };
        const diff = compareRecord(expected, edited, destination);
        expect(diff.filter((d) => !d.match).map((d) => d.field)).toEqual([key]);
        expect(await actualHash(edited, expected, destination)).not.toBe(await mappedHash(expected));
      }),
      { numRuns: 200 },
    );
  });
});
