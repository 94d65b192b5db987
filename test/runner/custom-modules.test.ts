import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import type { FixtureTruth } from '../../src/runner/fixtures/index.ts';
import { generatedExports, signedOffGeneratedScope, type GeneratedExports } from '../helpers/generated.ts';
import { preparedSandbox, signedOffScope, startRunBody, waitForRun, rolledBack, runToEnd } from '../helpers/runs.ts';
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';
import { readGenerated, type ReadFile } from './fixtures/read.ts';

// Soffront custom objects (Equipment, Site Survey records hanging off deals) into Freshsales. On Pro, which has no
// custom modules, each row is carried onto the deal it names: its values in deal custom fields (the newest row's where
// several share a deal) and every row listed in a text area, with no deal of its own. On Enterprise each row becomes a
// record of the custom module named after its object, created one call each, read back, and deleted by rollback.

type Rec = Record<string, any> & { id: number };
const SCALE = 40;
const SEED = 6;

let server: TestServer;
let exports: GeneratedExports;
let truth: FixtureTruth;
let objects: ReadFile;
let deals: ReadFile;

beforeAll(async () => {
  server = await startTestServer();
  exports = generatedExports('soffront', { scale: SCALE, seed: SEED });
  truth = exports.manifest.truth;
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  objects = await readGenerated({ name: 'CustomObjects.csv', bytes: readFileSync(join(exports.dir, 'CustomObjects.csv')) });
  deals = await readGenerated({ name: 'Opportunities.csv', bytes: readFileSync(join(exports.dir, 'Opportunities.csv')) });
}, 30_000);

afterAll(async () => {
  exports?.remove();
  await server?.stop();
});

const rowsOf = (f: ReadFile) => [...f.byLine.values()] as Record<string, string>[];
const state = async (sandbox: RunningSandbox) => (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as { records: Record<string, Record<string, Rec>>; modules: { entity_name: string; singular_name: string }[] };
const reconciliation = async (runId: string, token: string) => (await server.call(`/api/v1/runs/${runId}/reconciliation`, { token })).json();

describe('on Pro, custom objects are carried onto the deals they name', () => {
  let scope: Awaited<ReturnType<typeof signedOffGeneratedScope>>;
  let sandbox: RunningSandbox;
  let run: Record<string, any>;
  let rec: Record<string, any>;
  let dealRecords: Rec[];

  beforeAll(async () => {
    scope = await signedOffGeneratedScope(server, 'soffront', exports);
    sandbox = await preparedSandbox(scope.setup);
    run = await runToEnd(server, scope.engineer, startRunBody(scope.scopeId, exports.dir, sandbox, 'full'), 60_000);
    rec = await reconciliation(run.id, scope.engineer);
    dealRecords = Object.values((await state(sandbox)).records.deals ?? {});
  }, 90_000);
  afterAll(async () => {
    await sandbox?.stop();
  });

  const target = (column: string) => {
    const t = scope.mapping.objects.find((o) => o.row === 'custom_object')!.fields.find((f) => f.column === column)!.target as { kind: string; name?: string };
    return t.kind === 'custom' ? t.name! : null;
  };
  const dealNamed = (id: string) => dealRecords.find((d) => d.custom_field?.cf_ferry_source_id === `deal:${id}`);

  it('the proposal links each row to its deal by ParentID (when ParentType says Deal) and keeps its values in deal custom fields of their own', () => {
    const custom = scope.mapping.objects.find((o) => o.row === 'custom_object')!;
    expect(custom.destinationObject).toBe('deal');
    expect(scope.mapping.relationships.filter((r) => r.from.row === 'custom_object').map((r) => [r.to.row, r.from.column, r.to.column, (r as { when?: unknown }).when])).toEqual([
      ['deal', 'ParentID', 'Opportunity ID', { column: 'ParentType', values: ['Deal'] }],
    ]);
    // The deal fills its own name and owner: the custom object's go to fields of their own, which the checklist names.
    expect(custom.fields.filter((f) => f.target.kind === 'standard')).toEqual([]);
    const checklist = new Set(scope.setup.customFields.filter((f) => f.entity === 'deals').map((f) => (f as { label: string }).label));
    for (const column of ['Name', 'OwnerName', 'CreatedDate', 'RecordID']) expect(checklist.has((custom.fields.find((f) => f.column === column)!.target as { label: string }).label), column).toBe(true);
    expect(checklist.has('Custom Object records')).toBe(true);
  });

  it('the run completes green, writes no deal for any custom object, and counts every row merged into its deal', () => {
    expect(run.status, run.error).toBe('completed');
    expect(rec.ok).toBe(true);
    const o = rec.objects.find((x: any) => x.object === 'custom_object');
    expect(o).toMatchObject({ entity: 'deals', sourceRows: rowsOf(objects).length, created: 0, updated: 0, merged: rowsOf(objects).length, quarantined: 0 });
    expect(dealRecords.filter((d) => String(d.custom_field?.cf_ferry_source_id).startsWith('custom_object:'))).toEqual([]);
    const written = rec.objects.filter((x: any) => x.entity === 'deals').reduce((n: number, x: any) => n + x.created, 0);
    expect(dealRecords.length).toBe(written);
    const card = run.summary.pairCard.find((r: any) => r.row === 'custom_object');
    expect(card).toMatchObject({ outcome: 'carried', written: 0 });
    expect(card.note).toContain('cf_custom_object_records');
  });

  it("each deal holds its own name and owner, its newest custom object's values, and a line for every custom object naming it", () => {
    const byDeal = new Map<string, Record<string, string>[]>();
    for (const r of rowsOf(objects)) byDeal.set(r.ParentID!, [...(byDeal.get(r.ParentID!) ?? []), r]);
    // MM/DD/YYYY hh:mm AM|PM, all in the export's one zone: enough to order them.
    const stamp = (r: Record<string, string>) => {
      const [m, d, y, h, mi] = r.CreatedDate!.match(/\d+/g)!.map(Number);
      return Date.UTC(y!, m! - 1, d!, (h! % 12) + (/PM/.test(r.CreatedDate!) ? 12 : 0), mi!);
    };
    expect([...byDeal.values()].some((rows) => rows.length > 1)).toBe(true);
    for (const [dealId, rows] of byDeal) {
      const deal = dealNamed(dealId)!;
      const own = rowsOf(deals).find((d) => d['Opportunity ID'] === dealId)!;
      expect(deal.name).toBe(own['Opportunity Name']);
      const newest = [...rows].sort((a, b) => stamp(b) - stamp(a))[0]!;
      expect(deal.custom_field[target('Name')!]).toBe(newest.Name);
      expect(deal.custom_field[target('RecordID')!]).toBe(newest.RecordID);
      const list: string[] = deal.custom_field.cf_custom_object_records.split('\n');
      expect(list.map((l) => l.split(':')[0]).sort()).toEqual(rows.map((r) => r.RecordID).sort());
      for (const r of rows) expect(list.find((l) => l.startsWith(`${r.RecordID}:`))).toContain(r.Name);
    }
  });

  it('the call estimate counts no call for carried rows', () => {
    expect(run.summary.calls.predicted.lines.filter((l: any) => l.object.startsWith('custom_object'))).toEqual([]);
    expect(run.summary.calls.withinTolerance, run.summary.calls.note).toBe(true);
  });

  it('the fixture truth counts the carried rows as enrichments of their deals', () => {
    expect((truth.enrichments ?? []).filter((e) => e.object === 'custom_object').reduce((n, e) => n + e.rows.length, 0)).toBe(rowsOf(objects).length);
  });
});

describe('on Enterprise, custom objects become custom-module records', () => {
  // An organisation of its own: the Pro scope's confirmed lines would otherwise be remembered into this proposal.
  let own: TestServer;
  let scope: Awaited<ReturnType<typeof signedOffScope>>;
  let sandbox: RunningSandbox;
  let run: Record<string, any>;
  let rec: Record<string, any>;
  let before: Awaited<ReturnType<typeof state>>;
  let after: Awaited<ReturnType<typeof state>>;

  beforeAll(async () => {
    own = await startTestServer();
    scope = await signedOffScope(own, 'soffront', { tag: 'enterprise', plan: 'enterprise', upload: exports.upload() });
    sandbox = await preparedSandbox(scope.setup, { plan: 'enterprise' });
    // The admin creates each module the checklist names, then its fields (the public API cannot create fields).
    const modules = (scope.setup as unknown as { customModules: { name: string; fields: { label: string; type: string; choices: string[] }[] }[] }).customModules;
    for (const m of modules) {
      const made = await fetch(`${sandbox.suiteBaseUrl}/api/settings/module_customizations`, {
        method: 'POST',
        headers: { Authorization: `Token token=${sandbox.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ module_customization: { singular_name: m.name, plural_name: `${m.name} records` } }),
      });
      if (made.status !== 201) throw new Error(`module ${m.name}: ${made.status} ${await made.text()}`);
      const entity = (await made.json()).module_customization.entity_name;
      const fields = m.fields.map((f) => ({ label: f.label, type: f.type, ...(f.choices.length ? { choices: f.choices } : {}) }));
      const added = await fetch(`${sandbox.url}/_sandbox/fields`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ entity, fields }) });
      if (added.status !== 201) throw new Error(`fields of ${m.name}: ${added.status} ${await added.text()}`);
    }
    before = await state(sandbox);
    const body = { ...startRunBody(scope.scopeId, exports.dir, sandbox, 'full'), destination: { kind: 'freshsales', baseUrl: sandbox.suiteBaseUrl, apiKey: sandbox.apiKey, plan: 'enterprise' } };
    const res = await own.call('/api/v1/runs', jsonInit('POST', body, scope.engineer));
    if (res.status !== 201) throw new Error(`start: ${res.status} ${await res.text()}`);
    run = await waitForRun(own, scope.engineer, (await res.json()).id, 60_000);
    rec = await (await own.call(`/api/v1/runs/${run.id}/reconciliation`, { token: scope.engineer })).json();
    after = await state(sandbox);
  }, 90_000);
  afterAll(async () => {
    await sandbox?.stop();
    await own?.stop();
  });

  it('the checklist names one module per object name, with the fields and Ferry provenance', () => {
    const modules = (scope.setup as unknown as { customModules: { name: string; fields: { name: string }[] }[] }).customModules;
    expect(modules.map((m) => m.name).sort()).toEqual([...new Set(rowsOf(objects).map((r) => r.ObjectName!))].sort());
    for (const m of modules) expect(m.fields.map((f) => f.name)).toContain('cf_ferry_source_id');
  });

  it('every row becomes one record of the module named after its object, read back green, and no deal is made of one', () => {
    expect(run.status, run.error).toBe('completed');
    expect(rec.objects.find((x: any) => x.object === 'custom_object')).toMatchObject({ created: rowsOf(objects).length, merged: 0, quarantined: 0, readBack: rowsOf(objects).length, hashMatched: rowsOf(objects).length, ok: true });
    expect(rec.ok).toBe(true);
    for (const r of rowsOf(objects)) {
      const module = after.modules.find((m) => m.singular_name === r.ObjectName)!;
      const found = Object.values(after.records[module.entity_name] ?? {}).filter((x) => x.custom_field?.cf_ferry_source_id === `custom_object:${r.RecordID}`);
      expect(found.length, r.RecordID).toBe(1);
      expect(found[0]!.name).toBe(r.Name);
    }
    const deals = Object.values(after.records.deals ?? {});
    expect(deals.filter((d) => String(d.custom_field?.cf_ferry_source_id).startsWith('custom_object:'))).toEqual([]);
    expect(run.summary.pairCard.find((r: any) => r.row === 'custom_object')).toMatchObject({ outcome: 'migrated', written: rowsOf(objects).length });
  });

  it('the estimate counts one call per module record and one per read-back, and stays within tolerance', () => {
    const lines = run.summary.calls.predicted.lines;
    expect(lines.find((l: any) => l.phase === 'load' && l.object === 'custom_object → custom_module')).toMatchObject({ per: 'record', calls: rowsOf(objects).length });
    expect(lines.find((l: any) => l.phase === 'reconcile' && l.object === 'custom_module')).toMatchObject({ per: 'record', calls: rowsOf(objects).length });
    expect(run.summary.calls.withinTolerance, run.summary.calls.note).toBe(true);
  });

  it('rollback deletes every module record and leaves the modules as they were', async () => {
    expect((await rolledBack(own, scope.engineer, run.id)).problems).toEqual([]);
    const now = await state(sandbox);
    for (const m of now.modules) expect(Object.keys(now.records[m.entity_name] ?? {}), m.entity_name).toEqual(Object.keys(before.records[m.entity_name] ?? {}));
  }, 90_000);
});
