import { z } from 'zod';
import { dealLineId, dealLineKey, type DealLine, type DestinationRecord, type LoadBatch, type LoadRecord, type WriteOutcome } from '../../protocol.ts';
import type { FreshsalesClient } from './client.ts';
import { FreshsalesError } from './errors.ts';
import { catalogueFields, LINE_ITEMS_FIELD } from './product-fields.ts';
import type { FreshsalesRecord } from './schemas.ts';

const isNotFound = (e: unknown) => e instanceof FreshsalesError && e.code === 'FRESHSALES_NOT_FOUND';

const LineData = z.strictObject({
  deal_id: z.string().regex(/^\d{1,15}$/),
  line: z.string().min(1),
  lines: z.array(z.strictObject({ ref: z.string().min(1), label: z.string(), values: z.record(z.string(), z.unknown()) })).min(1),
  keep: z.boolean(),
});

/** A line the deal holds: Ferry's own, or one found there (ref null for summary text Ferry cannot read as a line). */
interface Held {
  ref: string | null;
  label: string;
  values: Record<string, unknown>;
  /** The text line as found, written back unchanged. */
  raw?: string;
}

/** How a plan keeps a deal's lines: as deal products (the catalogue), or as a summary in a deal text-area field. */
interface LineCodec {
  read(deal: FreshsalesRecord): Held[];
  patch(lines: Held[]): Record<string, unknown>;
}

/** The attributes of a line besides its deal and product, with their labels (for the summary text). */
const ATTRIBUTES = () => catalogueFields('deal_products').filter((f) => f.name !== 'deal_id' && f.name !== 'product_id');

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

const productsCodec: LineCodec = {
  read: (deal) =>
    (Array.isArray(deal.products) ? (deal.products as Record<string, unknown>[]) : []).map((item) => ({
      ref: String(item.product_id ?? item.id),
      label: typeof item.name === 'string' ? item.name : '',
      values: Object.fromEntries(ATTRIBUTES().filter((a) => present(item[a.name])).map((a) => [a.name, item[a.name]])),
    })),
  patch: (lines) => ({ products: lines.map((l) => ({ id: /^\d+$/.test(l.ref!) ? Number(l.ref) : l.ref, ...l.values })) }),
};

const SUMMARY_LINE = /^(.*) \(product ([^()]+)\): (.*)$/;

/** One summary line: `<product> (product <ref>): Quantity 12; Unit price 420; Discount 5`. */
function summaryLine(l: Held): string {
  if (l.raw !== undefined) return l.raw;
  const parts = ATTRIBUTES().filter((a) => present(l.values[a.name])).map((a) => `${a.label} ${String(l.values[a.name]).replace(/[;\n]/g, ' ')}`);
  return `${l.label || 'Product'} (product ${l.ref}): ${parts.join('; ')}`;
}

function readSummaryLine(text: string): Held {
  const m = SUMMARY_LINE.exec(text);
  if (!m) return { ref: null, label: '', values: {}, raw: text };
  const attributes = ATTRIBUTES().sort((a, b) => b.label.length - a.label.length);
  const values: Record<string, unknown> = {};
  for (const part of m[3]!.split('; ')) {
    const a = attributes.find((x) => part.startsWith(`${x.label} `));
    if (!a) return { ref: null, label: '', values: {}, raw: text };
    const value = part.slice(a.label.length + 1);
    values[a.name] = a.type === 'number' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return { ref: m[2]!, label: m[1]!, values };
}

const summaryCodec: LineCodec = {
  read: (deal) => {
    const text = (deal.custom_field as Record<string, unknown> | undefined)?.[LINE_ITEMS_FIELD.name];
    return typeof text === 'string' ? text.split(/\r?\n/).filter((t) => t.trim()).map(readSummaryLine) : [];
  },
  patch: (lines) => ({ custom_field: { [LINE_ITEMS_FIELD.name]: lines.length ? lines.map(summaryLine).join('\n') : null } }),
};

/** Each held line's key: its product ref and how many lines of that product come before it (text Ferry cannot read has none). */
function keysOf(lines: Held[]): (string | null)[] {
  const seen = new Map<string, number>();
  return lines.map((l) => {
    if (l.ref === null) return null;
    const n = seen.get(l.ref) ?? 0;
    seen.set(l.ref, n + 1);
    return dealLineKey(l.ref, n);
  });
}

function splitId(id: string): { dealId: number; key: string } {
  const m = /^(\d{1,15})\/(.+)$/.exec(id);
  if (!m) throw new FreshsalesError('FRESHSALES_VALIDATION', `"${id}" is not a deal line id (<deal id>/<line>)`, 0);
  return { dealId: Number(m[1]), key: m[2]! };
}

export interface DealLines {
  write(batch: LoadBatch): Promise<WriteOutcome[]>;
  fetch(ids: string[]): Promise<Map<string, DestinationRecord | null>>;
  remove(id: string): Promise<'deleted' | 'gone'>;
  restore(id: string, before: Record<string, unknown>): Promise<'restored' | 'gone'>;
}

/**
 * Line items on deals. With a product catalogue they are the deal's products (PUT /deals/:id with products, which
 * replaces the list: freshsales-api.md §3.3); without one, the pair card's fallback keeps them as one summary line
 * each in the deal's "Line items" text area. Either way the whole list is written in one call per deal, and a deal
 * that was there before the run keeps the lines it holds for other products. A line is read back, removed and
 * restored through its deal (a read and a write).
 */
export function dealLines(client: FreshsalesClient, hasCatalogue: boolean): DealLines {
  const codec = hasCatalogue ? productsCodec : summaryCodec;

  /** The deal's lines now, or null when the deal is gone. */
  async function held(dealId: number): Promise<Held[] | null> {
    try {
      const deal = await client.get('deals', dealId);
      return deal.is_deleted === true ? null : codec.read(deal);
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  const lineRecord = (dealId: number, key: string, l: Held): DestinationRecord => ({
    id: dealLineId(String(dealId), key),
    deal_id: dealId,
    ...(hasCatalogue ? { product_id: /^\d+$/.test(l.ref!) ? Number(l.ref) : l.ref } : { label: l.label }),
    ...l.values,
  });

  async function writeDeal(dealId: number, records: { record: LoadRecord; line: string }[], lines: DealLine[], keep: boolean): Promise<WriteOutcome[]> {
    const fail = (code: string, message: string): WriteOutcome[] => records.map(({ record }) => ({ sourceKey: record.sourceKey, status: 'failed', error: { code, message, retryable: false } }));
    try {
      let kept: Held[] = [];
      if (keep) {
        const now = await held(dealId);
        if (now === null) return fail('FRESHSALES_NOT_FOUND', `deal ${dealId} is no longer in Freshsales`);
        const ours = new Set(lines.map((l) => l.ref));
        kept = now.filter((h) => h.ref === null || !ours.has(h.ref));
      }
      await client.update('deals', dealId, codec.patch([...kept, ...lines]));
      return records.map(({ record, line }) => ({ sourceKey: record.sourceKey, status: 'written', destinationId: dealLineId(String(dealId), line) }));
    } catch (e) {
      if (!(e instanceof FreshsalesError)) throw e;
      if (e.code === 'FRESHSALES_VALIDATION') return fail(e.code, (e.details.messages ?? [e.message]).join('; ') || 'refused by Freshsales without a reason');
      if (e.code === 'FRESHSALES_NOT_FOUND') return fail(e.code, `deal ${dealId} is no longer in Freshsales`);
      throw e;
    }
  }

  /** Changes one line of a deal (by key) and writes the list back; 'gone' when the deal or the line is not there. */
  async function change(id: string, edit: (lines: Held[], at: number) => Held[] | null): Promise<boolean> {
    const { dealId, key } = splitId(id);
    const now = await held(dealId);
    if (now === null) return false;
    const next = edit(now, keysOf(now).indexOf(key));
    if (next === null) return false;
    try {
      await client.update('deals', dealId, codec.patch(next));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  return {
    async write(batch) {
      const byDeal = new Map<string, { record: LoadRecord; line: string; lines: DealLine[]; keep: boolean }[]>();
      const outcomes = new Map<string, WriteOutcome>();
      for (const record of batch.records) {
        const parsed = LineData.safeParse(record.data);
        if (!parsed.success) {
          outcomes.set(record.sourceKey, { sourceKey: record.sourceKey, status: 'failed', error: { code: 'FRESHSALES_VALIDATION', message: `not a deal line: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, retryable: false } });
          continue;
        }
        const { deal_id: deal, line, lines, keep } = parsed.data;
        byDeal.set(deal, [...(byDeal.get(deal) ?? []), { record, line, lines, keep }]);
      }
      for (const [deal, records] of byDeal) {
        const first = records[0]!;
        for (const o of await writeDeal(Number(deal), records, first.lines, first.keep)) outcomes.set(o.sourceKey, o);
      }
      return batch.records.map((r) => outcomes.get(r.sourceKey)!);
    },
    async fetch(ids) {
      const out = new Map<string, DestinationRecord | null>();
      const byDeal = new Map<number, { id: string; key: string }[]>();
      for (const id of ids) {
        const { dealId, key } = splitId(id);
        byDeal.set(dealId, [...(byDeal.get(dealId) ?? []), { id, key }]);
      }
      for (const [dealId, wanted] of byDeal) {
        const now = await held(dealId);
        const keys = now ? keysOf(now) : [];
        for (const { id, key } of wanted) {
          const at = keys.indexOf(key);
          out.set(id, now && at >= 0 ? lineRecord(dealId, key, now[at]!) : null);
        }
      }
      return out;
    },
    remove: async (id) => ((await change(id, (lines, at) => (at < 0 ? null : lines.filter((_, i) => i !== at)))) ? 'deleted' : 'gone'),
    restore: async (id, before) => {
      const { key } = splitId(id);
      const ref = key.slice(0, key.lastIndexOf('.'));
      const values = Object.fromEntries(ATTRIBUTES().filter((a) => present(before[a.name])).map((a) => [a.name, before[a.name]]));
      const restored = (label: string): Held => ({ ref, label: typeof before.label === 'string' ? before.label : label, values });
      return (await change(id, (lines, at) => (at < 0 ? [...lines, restored('')] : lines.map((l, i) => (i === at ? restored(l.label) : l))))) ? 'restored' : 'gone';
    },
  };
}
