import { and, eq } from 'drizzle-orm';
import { runRows } from '../../../db/schema/index.ts';
import type { CatalogueHandover } from '../../reports/run/index.ts';
import { planHasCatalogue } from '../destinations/freshsales/product-fields.ts';
import type { DestinationDescription } from '../protocol.ts';
import type { StagedRecord } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import { runHeader, saveReport } from './reports-store.ts';
import type { RunContext } from './run-context.ts';
import { readCheckpoint, writeCheckpoint } from './run-store.ts';
import { rowKey } from './staging.ts';

const CHECKPOINT = 'handover:catalogue';

const cellOf = (v: unknown): string | number | boolean | null =>
  v === undefined || v === null ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);

/**
 * On a plan without the product catalogue, the pair card's fallback: the catalogue's products are not loaded but handed
 * over as the run's catalogue report (JSON, CSV, PDF), each as Ferry would have written it, and their rows are marked
 * skipped saying where they went. Line items still load, as text on their deals. Runs once per run.
 */
export async function handOverCatalogue(deps: RunnerDeps, rc: RunContext, destination: DestinationDescription): Promise<void> {
  const { db } = deps;
  const catalogue = rc.plan.filter((p) => p.entity === 'products' && p.mapping);
  if (catalogue.length === 0 || planHasCatalogue(rc.destination.plan) || (await readCheckpoint(db, rc.run.id, CHECKPOINT)) !== null) return;
  const products: CatalogueHandover['products'] = [];
  const statements = [];
  const reason = `the Freshsales ${rc.destination.plan} plan has no product catalogue: this product is handed over in the run's catalogue report (catalogue.csv) instead of being loaded`;
  for (const p of catalogue) {
    const rows = await db.select().from(runRows).where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, p.object), eq(runRows.status, 'ready'))).orderBy(runRows.file, runRows.line);
    for (const row of rows) {
      const record = JSON.parse(row.data!) as StagedRecord;
      products.push({ file: row.file, line: row.line, sourceKey: record.sourceKey, values: Object.fromEntries(Object.entries(record.data).map(([k, v]) => [k, cellOf(v)])) });
      statements.push(db.update(runRows).set({ status: 'skipped', reason }).where(rowKey(row)));
    }
  }
  const filled = new Set(products.flatMap((p) => Object.keys(p.values)));
  const fields = destination.fields.products.filter((f) => filled.has(f.name)).map((f) => ({ name: f.name, label: f.label }));
  // The report first: were the run to stop before the rows are marked, the next attempt writes the same report again.
  await saveReport(db, rc.run.id, 'catalogue', { header: runHeader(rc, deps.now()), plan: rc.destination.plan, fields, products } satisfies CatalogueHandover, deps.now());
  statements.push(writeCheckpoint(db, rc.run.id, CHECKPOINT, { products: products.length }, deps.now()));
  await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}
