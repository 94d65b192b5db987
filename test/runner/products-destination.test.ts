import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFreshsalesDestination } from '../../src/runner/destinations/freshsales/destination.ts';
import { dealLineId, type DealLineData, type DestinationSession, type LoadRecord } from '../../src/runner/protocol.ts';
import { startTestSandbox, type TestSandbox } from '../sandbox/helpers.ts';
import { clockSleep, recordingFetch } from './destinations/helpers.ts';

// The product catalogue and deal line items as the Freshsales destination writes them, against the sandbox: products
// found again when a batch is retried, a deal's line list written whole without losing lines of other products, and
// one line removed or restored by itself (what rollback does).

const SEED = { fields: [{ entity: 'deals', label: 'Ferry source id', type: 'text' as const }, { entity: 'deals', label: 'Line items', type: 'textarea' as const }] };

function open(sb: TestSandbox, plan: string, log?: string[]): DestinationSession {
  const destination = createFreshsalesDestination({ msPerRecord: 20 });
  const config = destination.configSchema.parse({ kind: 'freshsales', baseUrl: sb.suiteBaseUrl, apiKey: sb.apiKey, plan });
  return destination.open(config, { signal: new AbortController().signal, fetch: log ? recordingFetch(log) : fetch, now: sb.clock.now, sleep: clockSleep(sb), log: () => {} });
}

const product = (sku: string, name: string, price?: number): LoadRecord => ({ sourceKey: sku, identifier: { sku_number: sku }, data: { name, sku_number: sku, ...(price === undefined ? {} : { unit_price: price }) } });

async function state(sb: TestSandbox) {
  const dump = await (await fetch(`${sb.url}/_sandbox/state`)).json();
  return (collection: string) => Object.values(dump.records[collection] ?? {}) as Record<string, any>[];
}

describe('products on Pro', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox({ plan: 'pro', seed: SEED });
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('creates each product with one call, its price as the base-currency price row, and reads it back with that price', async () => {
    const log: string[] = [];
    const session = open(sb, 'pro', log);
    const [out] = await session.write({ key: 'p1', entity: 'products', records: [product('SKU-1', 'Placement fee', 968.87)] });
    expect(out).toMatchObject({ status: 'written' });
    expect(log.filter((l) => l.startsWith('POST'))).toEqual(['POST /crm/sales/api/cpq/products']);
    const id = (out as { destinationId: string }).destinationId;
    const [stored] = (await state(sb))('products');
    expect(stored).toMatchObject({ name: 'Placement fee', sku_number: 'SKU-1', product_pricings: [{ currency_code: 'USD', unit_price: 968.87 }] });
    expect((await session.fetch('products', [id])).get(id)).toMatchObject({ unit_price: 968.87 });
  });

  it('a retried batch finds the product the first attempt created instead of making a second', async () => {
    const session = open(sb, 'pro');
    const first = await session.write({ key: 'p2', entity: 'products', records: [product('SKU-2', 'Day rate')] });
    const again = await session.write({ key: 'p2', entity: 'products', records: [product('SKU-2', 'Day rate'), product('SKU-3', 'Search retainer')], retried: true });
    expect(again[0]).toEqual(first[0]);
    const names = (await state(sb))('products').map((p) => p.name);
    expect(names.filter((n) => n === 'Day rate')).toHaveLength(1);
    expect(names).toContain('Search retainer');
  });

  it('updates a product in place when told its id, and removal leaves nothing behind', async () => {
    const session = open(sb, 'pro');
    const [made] = await session.write({ key: 'p3', entity: 'products', records: [product('SKU-4', 'Old name')] });
    const id = (made as { destinationId: string }).destinationId;
    await session.write({ key: 'p4', entity: 'products', records: [{ ...product('SKU-4', 'New name'), update: id }] });
    expect((await session.fetch('products', [id])).get(id)).toMatchObject({ name: 'New name' });
    expect(await session.remove('products', id)).toBe('deleted');
    expect((await session.fetch('products', [id])).get(id)).toBeNull();
    expect((await state(sb))('products').some((p) => String(p.id) === id)).toBe(false);
    expect(await session.remove('products', id)).toBe('gone');
  });
});

describe('deal line items', () => {
  let sb: TestSandbox;
  let deal: string;
  let ids: number[];
  beforeAll(async () => {
    sb = await startTestSandbox({ plan: 'pro', seed: SEED });
    const session = open(sb, 'pro');
    const made = await session.write({ key: 'p', entity: 'products', records: [product('A', 'Alpha', 10), product('B', 'Beta', 20), product('C', 'Gamma', 30)] });
    ids = made.map((o) => Number((o as { destinationId: string }).destinationId));
    const [d] = await session.write({ key: 'd', entity: 'deals', records: [{ sourceKey: 'D-1', identifier: { cf_ferry_source_id: 'deal:D-1' }, data: { name: 'Deal one', amount: 100, custom_field: { cf_ferry_source_id: 'deal:D-1' } } }] });
    deal = (d as { destinationId: string }).destinationId;
  });
  afterAll(async () => {
    await sb?.stop();
  });

  const lineRecord = (sourceKey: string, data: DealLineData): LoadRecord => ({ sourceKey, identifier: {}, data: data as unknown as Record<string, unknown> });

  it("writes a deal's lines in one call, keeping what the deal holds for other products", async () => {
    // Someone put Gamma on the deal by hand before the run.
    await sb.suite.update('deals', Number(deal), { products: [{ id: ids[2], quantity: 1, unit_price: 30 }] });
    const lines = [
      { ref: String(ids[0]), label: 'Alpha', values: { quantity: 2, unit_price: 9.5, discount: 5 } },
      { ref: String(ids[1]), label: 'Beta', values: { quantity: 1 } },
      { ref: String(ids[0]), label: 'Alpha', values: { quantity: 7 } },
    ];
    const keys = [`${ids[0]}.0`, `${ids[1]}.0`, `${ids[0]}.1`];
    const log: string[] = [];
    const session = open(sb, 'pro', log);
    const out = await session.write({ key: 'l1', entity: 'deal_products', records: keys.map((line, i) => lineRecord(`L${i}`, { deal_id: deal, line, lines, keep: true })) });
    expect(out.map((o) => (o as { destinationId: string }).destinationId)).toEqual(keys.map((k) => dealLineId(deal, k)));
    expect(log).toEqual([`GET /crm/sales/api/deals/${deal}`, `PUT /crm/sales/api/deals/${deal}`]);
    const stored = (await state(sb))('deals').find((d) => String(d.id) === deal)!;
    expect(stored.products.map((p: any) => [p.product_id, p.quantity])).toEqual([[ids[2], 1], [ids[0], 2], [ids[1], 1], [ids[0], 7]]);
    const back = await session.fetch('deal_products', [dealLineId(deal, keys[2]!), dealLineId(deal, `${ids[1]}.5`)]);
    expect(back.get(dealLineId(deal, keys[2]!))).toMatchObject({ product_id: ids[0], quantity: 7 });
    expect(back.get(dealLineId(deal, `${ids[1]}.5`))).toBeNull();
  });

  it('removes one line and restores another to its earlier values, leaving the rest', async () => {
    const session = open(sb, 'pro');
    expect(await session.remove('deal_products', dealLineId(deal, `${ids[1]}.0`))).toBe('deleted');
    expect(await session.restore('deal_products', dealLineId(deal, `${ids[0]}.0`), { quantity: 3, unit_price: 10 })).toBe('restored');
    const stored = (await state(sb))('deals').find((d) => String(d.id) === deal)!;
    expect(stored.products.map((p: any) => [p.product_id, p.quantity])).toEqual([[ids[2], 1], [ids[0], 3], [ids[0], 7]]);
    expect(await session.remove('deal_products', dealLineId(deal, `${ids[1]}.0`))).toBe('gone');
  });

  it('without a catalogue, keeps each line as a line of the deal\'s "Line items" text, read back the same', async () => {
    const growth = await startTestSandbox({ plan: 'growth', seed: SEED });
    try {
      const session = open(growth, 'growth');
      const [d] = await session.write({ key: 'd', entity: 'deals', records: [{ sourceKey: 'D-1', identifier: { cf_ferry_source_id: 'deal:D-1' }, data: { name: 'Deal one', custom_field: { cf_ferry_source_id: 'deal:D-1' } } }] });
      const id = (d as { destinationId: string }).destinationId;
      const lines = [
        { ref: 'P-01', label: 'Payroll service (per timesheet) · SKU-7', values: { quantity: 4, unit_price: 2537.78, discount: 0 } },
        { ref: 'P-02', label: 'Day rate', values: { quantity: 12 } },
      ];
      const out = await session.write({ key: 'l', entity: 'deal_products', records: [lineRecord('L1', { deal_id: id, line: 'P-01.0', lines, keep: false }), lineRecord('L2', { deal_id: id, line: 'P-02.0', lines, keep: false })] });
      expect(out.every((o) => o.status === 'written')).toBe(true);
      const text = (await state(growth))('deals')[0]!.custom_field.cf_line_items;
      expect(text).toBe('Payroll service (per timesheet) · SKU-7 (product P-01): Quantity 4; Unit price 2537.78; Discount 0\nDay rate (product P-02): Quantity 12');
      const back = await session.fetch('deal_products', [dealLineId(id, 'P-01.0')]);
      expect(back.get(dealLineId(id, 'P-01.0'))).toMatchObject({ quantity: 4, unit_price: 2537.78, discount: 0 });
      expect(await session.remove('deal_products', dealLineId(id, 'P-01.0'))).toBe('deleted');
      expect((await state(growth))('deals')[0]!.custom_field.cf_line_items).toBe('Day rate (product P-02): Quantity 12');
      // The plan has no catalogue: products are neither listed nor written.
      const listed = [];
      for await (const page of session.snapshot('products')) listed.push(...page);
      expect(listed).toEqual([]);
      await expect(session.write({ key: 'p', entity: 'products', records: [product('A', 'Alpha')] })).rejects.toThrow(/no product catalogue/);
    } finally {
      await growth.stop();
    }
  });
});
