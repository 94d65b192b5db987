import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { generatedExports, type GeneratedExports } from '../helpers/generated.ts';
import { preparedSandbox, startRunBody, waitForRun, rolledBack, runToEnd } from '../helpers/runs.ts';
import { answerAll, createScope, discover, tokenFor, type Mapping, type MappingVersion } from '../helpers/scoping.ts';
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';

// FastTrack's product catalogue and line items, from a generated export into the sandbox: products and deal products
// on Pro, the pair card's fallback on Growth (the catalogue handed over as a list, line items as deal text), and a
// rollback of each. The scope keeps only the objects the line items need (accounts, contacts, deals).

type Rec = Record<string, any> & { id: number };
const KEEP = new Set(['company', 'contact', 'deal', 'product', 'deal_product']);

let server: TestServer;
let exports: GeneratedExports;
beforeAll(async () => {
  server = await startTestServer();
  exports = generatedExports('fasttrack', { scale: 40, seed: 6 });
});
afterAll(async () => {
  await server?.stop();
  exports?.remove();
});

/** The mapping narrowed to the rows the products need; on Growth the deals load without pipelines (one is all it has). */
function narrowed(m: Mapping, plan: string): Mapping {
  type ValueMap = Mapping['valueMaps'][number] & { row: string; column: string };
  const next = structuredClone(m) as Omit<Mapping, 'valueMaps'> & { valueMaps: ValueMap[] };
  next.objects = next.objects.filter((o) => KEEP.has(o.row));
  next.relationships = next.relationships.filter((r) => KEEP.has(r.from.row) && KEEP.has(r.to.row));
  next.valueMaps = next.valueMaps.filter((v) => KEEP.has(v.row));
  if (plan === 'growth') {
    const deal = next.objects.find((o) => o.row === 'deal')!;
    for (const f of deal.fields) if (f.target.kind === 'standard' && ['deal_pipeline_id', 'deal_stage_id'].includes(f.target.field!)) f.target = { kind: 'ignore' };
    next.valueMaps = next.valueMaps.filter((v) => !(v.row === 'deal' && deal.fields.some((f) => f.column === v.column && f.target.kind === 'ignore')));
  }
  return next as Mapping;
}

/** A FastTrack scope on `plan` through discovery, answers, approval and the customer's sign-off. */
async function signedOff(plan: string) {
  const sales = await tokenFor(server, 'sales', `sales-products-${plan}@acme.test`);
  const engineer = await tokenFor(server, 'engineer', `engineer-products-${plan}@acme.test`);
  const scopeId = (await createScope(server, sales, 'fasttrack', plan, `Products ${plan}`)).id;
  const res = await discover(server, sales, scopeId, exports.upload());
  expect(res.status, await res.clone().text()).toBe(201);
  const v1 = (await (await server.call(`/api/v1/scopes/${scopeId}/mapping`, { token: sales })).json()) as MappingVersion;
  const put = await server.call(`/api/v1/scopes/${scopeId}/mapping`, jsonInit('PUT', { mapping: narrowed(answerAll(v1.mapping, v1.openQuestions), plan) }, sales));
  expect(put.status, await put.clone().text()).toBe(201);
  const v2 = (await put.json()) as MappingVersion;
  const approved = await server.call(`/api/v1/scopes/${scopeId}/approve`, jsonInit('POST', { version: v2.version, hash: v2.hash }, sales));
  expect(approved.status, await approved.clone().text()).toBe(200);
  const link = await (await server.call(`/api/v1/scopes/${scopeId}/signoff-links`, jsonInit('POST', {}, sales))).json();
  await server.call(`/api/v1/signoff/${link.token}`, jsonInit('POST', { name: 'Casey Customer', email: 'casey@customer.test', accept: true }));
  const view = await (await server.call(`/api/v1/scopes/${scopeId}`, { token: sales })).json();
  return { scopeId, engineer, proposed: v1.mapping, setup: view.setup };
}

async function live(sandbox: RunningSandbox): Promise<Record<string, Rec[]>> {
  const state = await (await fetch(`${sandbox.url}/_sandbox/state`)).json();
  const out: Record<string, Rec[]> = {};
  for (const [entity, byId] of Object.entries((state.records ?? {}) as Record<string, Record<string, Rec>>)) out[entity] = Object.values(byId).filter((r) => !r.is_deleted);
  return out;
}

/** The export's line items, by deal, as the generated file holds them. */
function linesOfExport() {
  const file = exports.manifest.files;
  expect(file['product_line_items.csv']).toBe('product');
  const text = readFileSync(join(exports.dir, 'product_line_items.csv'), 'utf8');
  const [header, ...rows] = text.trim().split(/\r?\n/).map((l: string) => l.split(','));
  const at = (name: string) => header!.indexOf(name);
  return rows.map((r: string[], i: number) => ({ line: i + 2, product: r[at('Product ID')]!, deal: r[at('Deal (line items only)')]!, quantity: Number(r[at('Quantity (line items only)')]), discount: Number(r[at('Discount (line items only)')]) }));
}

describe('products and deal line items on Pro', () => {
  let scope: Awaited<ReturnType<typeof signedOff>>;
  let sandbox: RunningSandbox;
  let runId: string;
  let before: Record<string, Rec[]>;

  beforeAll(async () => {
    scope = await signedOff('pro');
    sandbox = await preparedSandbox(scope.setup);
    before = await live(sandbox);
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('discovery splits the line items from the catalogue and links them to their deal and product', () => {
    const product = scope.proposed.objects.find((o) => o.row === 'product') as Mapping['objects'][number] & { files: string[] };
    const lines = scope.proposed.objects.find((o) => o.row === 'deal_product') as Mapping['objects'][number] & { files: string[]; rows: number };
    expect(product.files).toEqual(['products.csv']);
    expect(lines).toMatchObject({ sourceObject: 'product', destinationObject: 'deal_product', files: ['product_line_items.csv'], rows: exports.manifest.truth.objects.deal_product!.rows });
    const rel = (id: string) => scope.proposed.relationships.find((r) => r.id === id);
    expect(rel('deal_product->deal')).toMatchObject({ from: { column: 'Deal (line items only)' }, to: { row: 'deal', column: 'Deal ID' }, via: 'id' });
    expect(rel('deal_product->product')).toMatchObject({ from: { column: 'Product ID' }, to: { row: 'product', column: 'Product ID' }, via: 'id' });
    const targets = Object.fromEntries(lines.fields.map((f) => [f.column, f.target.field ?? f.target.kind]));
    expect(targets).toMatchObject({ 'Quantity (line items only)': 'quantity', 'Discount (line items only)': 'discount', 'Unit Price': 'unit_price' });
  });

  it('a full run creates the products and puts every line on its deal; only the orphan line is quarantined', async () => {
    const res = await server.call('/api/v1/runs', jsonInit('POST', startRunBody(scope.scopeId, exports.dir, sandbox, 'full'), scope.engineer));
    expect(res.status, await res.clone().text()).toBe(201);
    runId = (await res.json()).id;
    const done = await waitForRun(server, scope.engineer, runId);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');

    const rec = await (await server.call(`/api/v1/runs/${runId}/reconciliation`, { token: scope.engineer })).json();
    const object = (name: string) => rec.objects.find((o: any) => o.object === name);
    expect(rec.mismatches).toEqual([]);
    expect(object('product')).toMatchObject({ entity: 'products', sourceRows: 10, created: 10, quarantined: 0, ok: true });
    const truthLines = exports.manifest.truth.objects.deal_product!.rows;
    expect(object('deal_product')).toMatchObject({ entity: 'deal_products', sourceRows: truthLines, created: truthLines - 1, quarantined: 1, ok: true });
    expect(object('deal_product').readBack).toBe(truthLines - 1);
    const orphan = exports.manifest.truth.quarantine.find((q) => q.file === 'product_line_items.csv')!;
    expect(rec.quarantine.filter((q: any) => q.object === 'deal_product').map((q: any) => `${q.file}:${q.line}`)).toEqual([`${orphan.file}:${orphan.line}`]);
    expect(rec.quarantine.find((q: any) => q.object === 'deal_product').reason).toMatch(/no deal row in the export has Deal ID "D-99001"/);

    const after = await live(sandbox);
    const products = after.products!;
    expect(products).toHaveLength(10);
    const permanent = products.find((p) => p.sku_number === 'SKU-1')!;
    expect(permanent).toMatchObject({ name: 'Permanent placement fee', is_active: true });
    expect(permanent.product_pricings).toEqual([{ currency_code: 'USD', unit_price: expect.any(Number) }]);

    // Each deal holds its lines in the export's order, with the line's own quantity and discount.
    const bySku = new Map(products.map((p) => [Number(p.sku_number.slice(4)), p.id]));
    const dealOf = (id: string) => after.deals!.find((d) => d.custom_field?.cf_ferry_source_id === `deal:${id}`);
    const expected = new Map<number, { id: number; quantity: number; discount: number }[]>();
    for (const l of linesOfExport()) {
      const deal = dealOf(l.deal);
      if (!deal) continue;
      expected.set(deal.id, [...(expected.get(deal.id) ?? []), { id: bySku.get(Number(l.product.slice(2)))!, quantity: l.quantity, discount: l.discount }]);
    }
    expect(expected.size).toBeGreaterThan(1);
    for (const [dealId, lines] of expected) {
      const deal = after.deals!.find((d) => d.id === dealId)!;
      expect(deal.products.map((p: any) => ({ id: p.product_id, quantity: p.quantity, discount: Number(p.discount) })), `deal ${dealId}`).toEqual(lines);
    }
    expect(after.deals!.filter((d) => !expected.has(d.id)).every((d) => !d.products?.length)).toBe(true);

    const view = await (await server.call(`/api/v1/runs/${runId}`, { token: scope.engineer })).json();
    const row = view.summary.pairCard.find((r: any) => r.row === 'product');
    expect(row).toMatchObject({ outcome: 'migrated', objects: ['product', 'deal_product'], written: 10 + truthLines - 1, quarantined: 1 });
    // The estimate counts a call per product and a write and a read per deal that carries lines.
    const lineCalls = view.summary.calls.predicted.lines.filter((l: any) => l.object === 'product → deal_product' || l.object === 'deal_product');
    expect(lineCalls.map((l: any) => l.calls)).toEqual([expected.size + 1, expected.size + 1]);
    expect(view.summary.calls.withinTolerance, view.summary.calls.note).toBe(true);
  }, 90_000);

  it('a delta that changes one line of a deal writes the deal again with all its lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-products-delta-'));
    try {
      cpSync(exports.dir, dir, { recursive: true });
      const lines = linesOfExport();
      const pair = lines.find((l, i) => lines.some((m, j) => j !== i && m.deal === l.deal))!;
      const file = join(dir, 'product_line_items.csv');
      const text = readFileSync(file, 'utf8').split('\n');
      const cells = text[pair.line - 1]!.split(',');
      cells[2] = String(pair.quantity + 100);
      text[pair.line - 1] = cells.join(',');
      writeFileSync(file, text.join('\n'));

      const done = await runToEnd(server, scope.engineer, startRunBody(scope.scopeId, dir, sandbox, 'delta'));

      const deltaId = done.id as string;
      expect(done.status, JSON.stringify(done.error)).toBe('completed');
      const rec = await (await server.call(`/api/v1/runs/${deltaId}/reconciliation`, { token: scope.engineer })).json();
      expect(rec.objects.find((o: any) => o.object === 'deal_product')).toMatchObject({ created: 0, updated: 1, ok: true });
      const deal = (await live(sandbox)).deals!.find((d) => d.custom_field?.cf_ferry_source_id === `deal:${pair.deal}`)!;
      expect(deal.products.map((p: any) => p.quantity)).toEqual(lines.filter((l) => l.deal === pair.deal).map((l) => (l.line === pair.line ? pair.quantity + 100 : l.quantity)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('rollback deletes the products and the lines, and leaves the account as it was', async () => {
    expect((await rolledBack(server, scope.engineer, runId)).problems).toEqual([]);
    const after = await live(sandbox);
    expect(after.products ?? []).toEqual(before.products ?? []);
    expect((after.deals ?? []).map((d) => d.id)).toEqual((before.deals ?? []).map((d) => d.id));
    const state = await (await fetch(`${sandbox.url}/_sandbox/state`)).json();
    expect(Object.keys(state.records.products ?? {})).toEqual([]);
  }, 90_000);
});

describe('the fallback on Growth: the catalogue handed over, line items kept as deal text', () => {
  let scope: Awaited<ReturnType<typeof signedOff>>;
  let sandbox: RunningSandbox;
  let runId: string;

  beforeAll(async () => {
    scope = await signedOff('growth');
    // The checklist asks for the deal text area the line items go to; the admin creates what it lists.
    expect(scope.setup.customFields).toContainEqual(expect.objectContaining({ entity: 'deals', name: 'cf_line_items', type: 'textarea' }));
    sandbox = await preparedSandbox({ ...scope.setup, pipelines: [] }, { plan: 'growth' });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('loads no product, hands the catalogue over as a report and writes each deal a line per item', async () => {
    const body = startRunBody(scope.scopeId, exports.dir, sandbox, 'full');
    const res = await server.call('/api/v1/runs', jsonInit('POST', { ...body, destination: { ...body.destination, plan: 'growth' } }, scope.engineer));
    expect(res.status, await res.clone().text()).toBe(201);
    runId = (await res.json()).id;
    const done = await waitForRun(server, scope.engineer, runId);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');

    const rec = await (await server.call(`/api/v1/runs/${runId}/reconciliation`, { token: scope.engineer })).json();
    const object = (name: string) => rec.objects.find((o: any) => o.object === name);
    expect(rec.mismatches).toEqual([]);
    expect(object('product')).toMatchObject({ sourceRows: 10, created: 0, skipped: 10, ok: true });
    const truthLines = exports.manifest.truth.objects.deal_product!.rows;
    expect(object('deal_product')).toMatchObject({ created: truthLines - 1, quarantined: 1, readBack: truthLines - 1, ok: true });

    const catalogue = await (await server.call(`/api/v1/runs/${runId}/catalogue`, { token: scope.engineer })).json();
    expect(catalogue.plan).toBe('growth');
    expect(catalogue.products).toHaveLength(10);
    const csv = await (await server.call(`/api/v1/runs/${runId}/catalogue.csv`, { token: scope.engineer })).text();
    expect(csv.split('\r\n')[0]).toMatch(/^file,line,source_key,.*name.*sku_number/);
    expect(csv).toContain('Permanent placement fee');
    const pdf = await server.call(`/api/v1/runs/${runId}/catalogue.pdf`, { token: scope.engineer });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');

    const after = await live(sandbox);
    expect(after.products ?? []).toEqual([]);
    const dealOf = (id: string) => after.deals!.find((d) => d.custom_field?.cf_ferry_source_id === `deal:${id}`)!;
    const lines = linesOfExport().filter((l) => dealOf(l.deal));
    const text = dealOf(lines[0]!.deal).custom_field.cf_line_items as string;
    expect(text).toContain(`(product ${lines[0]!.product}): Quantity ${lines[0]!.quantity}`);
    const total = after.deals!.reduce((n, d) => n + String(d.custom_field?.cf_line_items ?? '').split('\n').filter(Boolean).length, 0);
    expect(total).toBe(lines.length);
  }, 90_000);

  it('rollback clears the deals it wrote the lines on', async () => {
    expect((await rolledBack(server, scope.engineer, runId)).problems).toEqual([]);
    expect((await live(sandbox)).deals ?? []).toEqual([]);
  }, 90_000);
});
