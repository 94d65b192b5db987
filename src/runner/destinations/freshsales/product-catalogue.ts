import { z } from 'zod';
import type { DestinationRecord, LoadBatch, LoadRecord, WriteOutcome } from '../../protocol.ts';
import type { FreshsalesClient } from './client.ts';
import { FreshsalesError } from './errors.ts';
import { productAttributes } from './product-fields.ts';
import { FreshsalesRecord } from './schemas.ts';

const BASE = '/cpq/products';
const PAGE = 100;
const wrapped = z.looseObject({ product: FreshsalesRecord }).transform((b) => b.product);
const page = z
  .looseObject({ products: z.array(FreshsalesRecord), meta: z.looseObject({ total_pages: z.number().int().min(0) }).optional() })
  .transform((b) => ({ records: b.products, totalPages: b.meta?.total_pages ?? 1 }));
const isNotFound = (e: unknown) => e instanceof FreshsalesError && e.code === 'FRESHSALES_NOT_FOUND';

/** Ferry's unit_price is the product_pricings row of the account's base currency. */
type Price = { currency_code?: unknown; unit_price?: unknown };

export interface ProductCatalogue {
  /** Creates each product, or updates the one named by `update`; a retried batch first looks for what an earlier attempt made. */
  write(batch: LoadBatch): Promise<WriteOutcome[]>;
  /** Every live product, a page at a time (nothing on a plan without the catalogue). */
  snapshot(): AsyncIterable<DestinationRecord[]>;
  fetch(ids: string[]): Promise<Map<string, DestinationRecord | null>>;
  /** Delete, then forget where the account offers it. */
  remove(id: string): Promise<'deleted' | 'gone'>;
  restore(id: string, before: Record<string, unknown>): Promise<'restored' | 'gone'>;
}

function productId(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw new FreshsalesError('FRESHSALES_VALIDATION', `"${id}" is not a Freshsales product id`, 0);
  return Number(id);
}

const fold = (v: unknown) => (typeof v === 'string' ? v.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase() : null);

/**
 * The product catalogue under /cpq/products (Pro and up; freshsales-api.md §3.9). Products have no upsert: a create
 * is one call, and a batch the pipeline retries lists the catalogue once and matches each record by its identifier
 * (SKU, else name) before creating it again. Prices travel as product_pricings, one row in the base currency.
 */
export function productCatalogue(client: FreshsalesClient, hasCatalogue: boolean): ProductCatalogue {
  let currency: Promise<string> | undefined;
  /** The account's base currency (currency_type 1, else the first listed), read once. */
  const baseCurrency = () =>
    (currency ??= client.selector('currencies').then((items) => {
      const base = items.find((c) => c.currency_type === 1) ?? items[0];
      if (typeof base?.currency_code !== 'string') throw new FreshsalesError('FRESHSALES_BAD_RESPONSE', 'GET /selector/currencies: no currency with a currency_code to price products in', 200);
      return base.currency_code;
    }));

  /** The record as the API takes it: unit_price becomes the base-currency price row. */
  async function writeForm(data: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { unit_price: price, ...rest } = data;
    if (price === undefined) return rest;
    return { ...rest, product_pricings: [{ currency_code: await baseCurrency(), unit_price: price }] };
  }

  /** The record as Ferry compares it: unit_price read from the base-currency price row. */
  async function readForm(record: FreshsalesRecord): Promise<DestinationRecord> {
    const prices = Array.isArray(record.product_pricings) ? (record.product_pricings as Price[]) : [];
    if (prices.length === 0) return record;
    const code = await baseCurrency();
    const price = prices.find((p) => p.currency_code === code) ?? (prices.length === 1 ? prices[0] : undefined);
    return price === undefined ? record : { ...record, unit_price: price.unit_price };
  }

  async function* pages(): AsyncIterable<FreshsalesRecord[]> {
    if (!hasCatalogue) return;
    for (let n = 1, total = 1; n <= total; n++) {
      const { records, totalPages } = await client.request({ method: 'GET', path: BASE, query: { page: String(n), per_page: String(PAGE), sort: 'created_at', sort_type: 'asc' }, schema: page });
      total = totalPages;
      if (records.length) yield records;
    }
  }

  /** What an earlier attempt created for these records: the catalogue matched by each record's identifier. */
  async function existing(records: LoadRecord[]): Promise<Map<string, string>> {
    const wanted = new Map(records.map((r) => [r.sourceKey, Object.entries(r.identifier)[0]!]));
    const found = new Map<string, string>();
    for await (const list of pages())
      for (const p of list)
        for (const [sourceKey, [key, value]] of wanted) if (!found.has(sourceKey) && fold(p[key]) !== null && fold(p[key]) === fold(String(value))) found.set(sourceKey, String(p.id));
    return found;
  }

  const written = (r: LoadRecord, id: number | string): WriteOutcome => ({ sourceKey: r.sourceKey, status: 'written', destinationId: String(id) });

  async function writeOne(record: LoadRecord, earlier: string | undefined): Promise<WriteOutcome> {
    try {
      if (record.update !== undefined) {
        const body = { product: await writeForm(record.data) };
        return written(record, (await client.request({ method: 'PUT', path: `${BASE}/${productId(record.update)}`, body, schema: wrapped })).id);
      }
      if (earlier !== undefined) return written(record, earlier);
      return written(record, (await client.request({ method: 'POST', path: BASE, body: { product: await writeForm(record.data) }, schema: wrapped })).id);
    } catch (e) {
      if (!(e instanceof FreshsalesError)) throw e;
      const message = (e.details.messages ?? [e.message]).join('; ') || 'refused by Freshsales without a reason';
      if (e.code === 'FRESHSALES_VALIDATION') return { sourceKey: record.sourceKey, status: 'failed', error: { code: e.code, message, retryable: false } };
      if (e.code === 'FRESHSALES_NOT_FOUND' && record.update !== undefined)
        return { sourceKey: record.sourceKey, status: 'failed', error: { code: e.code, message: `product ${record.update} is no longer in Freshsales`, retryable: false } };
      throw e;
    }
  }

  return {
    async write(batch) {
      if (!hasCatalogue) throw new FreshsalesError('FRESHSALES_FORBIDDEN', 'this Freshsales plan has no product catalogue: products cannot be written', 403);
      const earlier = batch.retried ? await existing(batch.records.filter((r) => r.update === undefined)) : new Map<string, string>();
      const outcomes: WriteOutcome[] = [];
      for (const record of batch.records) outcomes.push(await writeOne(record, earlier.get(record.sourceKey)));
      return outcomes;
    },
    async *snapshot() {
      for await (const list of pages()) yield await Promise.all(list.map(readForm));
    },
    async fetch(ids) {
      const out = new Map<string, DestinationRecord | null>();
      for (const id of ids) {
        if (!hasCatalogue) {
          out.set(id, null);
          continue;
        }
        try {
          const record = await client.request({ method: 'GET', path: `${BASE}/${productId(id)}`, schema: wrapped });
          out.set(id, record.is_deleted === true ? null : await readForm(record));
        } catch (e) {
          if (!isNotFound(e)) throw e;
          out.set(id, null);
        }
      }
      return out;
    },
    async remove(id) {
      let found = true;
      try {
        await client.request({ method: 'DELETE', path: `${BASE}/${productId(id)}`, schema: z.unknown() });
      } catch (e) {
        if (!isNotFound(e)) throw e;
        found = false;
      }
      // Forgetting a product is not documented (freshsales-api.md §3.9 names restore only): an account without it answers 404.
      try {
        await client.request({ method: 'DELETE', path: `${BASE}/${productId(id)}/forget`, schema: z.unknown() });
        return 'deleted';
      } catch (e) {
        if (!isNotFound(e)) throw e;
        return found ? 'deleted' : 'gone';
      }
    },
    async restore(id, before) {
      const attributes = new Set(productAttributes());
      const body = Object.fromEntries(Object.entries(before).filter(([k]) => attributes.has(k)));
      try {
        await client.request({ method: 'PUT', path: `${BASE}/${productId(id)}`, body: { product: body }, schema: wrapped });
        return 'restored';
      } catch (e) {
        if (isNotFound(e)) return 'gone';
        throw e;
      }
    },
  };
}
