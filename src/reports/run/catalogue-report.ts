import { toCsv } from '../csv.ts';
import type { ReportDocument } from '../document.ts';
import type { RunHeader } from './input.ts';
import { count, runHeaderLine, runMeta } from './meta.ts';
import { clip } from './values.ts';

/**
 * The product catalogue handed over instead of loaded, on a Freshsales plan without one: every product as Ferry would
 * have written it, by the Freshsales field each value was meant for.
 */
export interface CatalogueHandover {
  header: RunHeader;
  /** The plan the run wrote to, which lacks the catalogue. */
  plan: string;
  /** Freshsales product fields the mapping fills, in mapping order: name and label. */
  fields: { name: string; label: string }[];
  products: { file: string; line: number; sourceKey: string; values: Record<string, string | number | boolean | null> }[];
}

/** One line per product: where it came from, then each mapped field. */
export const catalogueCsv = (c: CatalogueHandover) =>
  toCsv(
    ['file', 'line', 'source_key', ...c.fields.map((f) => f.name)],
    c.products.map((p) => [p.file, p.line, p.sourceKey, ...c.fields.map((f) => p.values[f.name] ?? null)]),
  );

/** The handed-over catalogue as a readable document: why it is not in Freshsales, and the products. */
export function catalogueReport(c: CatalogueHandover): ReportDocument {
  const h = c.header;
  const shown = c.fields.slice(0, 5);
  return {
    title: 'Product catalogue',
    subtitle: `${h.scopeName}: products handed over, not loaded`,
    meta: runMeta(h),
    header: runHeaderLine('Product catalogue', h),
    blocks: [
      {
        kind: 'callout',
        title: `The ${c.plan} plan has no product catalogue`,
        text: `${count(c.products.length)} products are listed here for the customer to keep or to load once the account moves to a plan with the catalogue. Line items are kept as text on their deals instead. The CSV download holds every mapped field.`,
        tone: 'warning',
      },
      {
        kind: 'table',
        columns: [{ label: 'Source', width: 1 }, ...shown.map((f) => ({ label: f.label, width: f.name === 'description' ? 2.2 : 1.2 }))],
        rows: c.products.map((p) => ({ cells: [clip(p.sourceKey, 40), ...shown.map((f) => clip(p.values[f.name] === null || p.values[f.name] === undefined ? '' : String(p.values[f.name]), 120))] })),
        emptyText: 'The export held no products.',
      },
    ],
  };
}
