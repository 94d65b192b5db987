import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase, type OpenedDatabase } from '../../db/client.node.ts';
import { runRows } from '../../db/schema/index.ts';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import type { FixtureTruth } from '../../src/runner/fixtures/index.ts';
import { generatedExports, signedOffGeneratedScope, type GeneratedExports } from '../helpers/generated.ts';
import { preparedSandbox, startRunBody, runToEnd } from '../helpers/runs.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { readGenerated, type ReadFile } from './fixtures/read.ts';

// A generated Profi export run into the sandbox. Packages write no record of their own: sessions name them, so each
// package's values fill the deal of every session naming it (a lookup). A package no session names goes onto the
// sessions for its client alone that have no package; one with none is quarantined, saying what would place it. A
// session naming a package the export lacks loads without it, with a warning.

type Rec = Record<string, any> & { id: number };
const SCALE = 30;
const SEED = 11;
/** A package id no row of packages.csv has, planted in a group session's Package cell. */
const MISSING = 'PK-999';

let server: TestServer;
let exports: GeneratedExports;
let truth: FixtureTruth;
let scope: Awaited<ReturnType<typeof signedOffGeneratedScope>>;
let sandbox: RunningSandbox;
let run: Record<string, any>;
let rec: Record<string, any>;
let deals: Rec[];
let contacts: Rec[];
let database: OpenedDatabase;
const files = new Map<string, ReadFile>();
let plantedLine = 0;

const rowsOf = (file: string) => [...files.get(file)!.byLine.entries()].map(([line, r]) => ({ line, r: r as Record<string, string> }));
const customFieldName = (row: string, column: string): string => {
  const target = scope.mapping.objects.find((o) => o.row === row)!.fields.find((f) => f.column === column)!.target as { kind: string; name?: string };
  if (target.kind !== 'custom' || !target.name) throw new Error(`${row}.${column} is not mapped to a custom field`);
  return target.name;
};
const dealOf = (sessionId: string) => deals.find((d) => d.custom_field?.cf_ferry_source_id === `session:${sessionId}`);
/** The package's values as its deal custom fields hold them. */
const packageFields = (p: Record<string, string>) => ({
  [customFieldName('package', 'Package ID')]: p['Package ID'],
  [customFieldName('package', 'Sessions left')]: Number(p['Sessions left']),
  [customFieldName('package', 'Billing frequency')]: p['Billing frequency'],
  ...(p['Next renewal'] ? { [customFieldName('package', 'Next renewal')]: p['Next renewal'] } : {}),
});

beforeAll(async () => {
  server = await startTestServer();
  exports = generatedExports('profi', { scale: SCALE, seed: SEED });
  truth = exports.manifest.truth;
  // A group session (never any one client's alone) names a package the export does not hold.
  const path = join(exports.dir, 'sessions.csv');
  const lines = readFileSync(path, 'utf8').split('\n');
  plantedLine = lines.findIndex((l) => /,Group,/.test(l) && /,\r?$/.test(l)) + 1;
  if (plantedLine === 0) throw new Error('no group session without a package in sessions.csv');
  lines[plantedLine - 1] = lines[plantedLine - 1]!.replace(/,(\r?)$/, `,${MISSING}$1`);
  writeFileSync(path, lines.join('\n'));
  for (const name of ['sessions.csv', 'packages.csv', 'course_enrollments.csv', 'clients.csv'])
    files.set(name, await readGenerated({ name, bytes: readFileSync(join(exports.dir, name)) }));

  scope = await signedOffGeneratedScope(server, 'profi', exports);
  sandbox = await preparedSandbox(scope.setup);
  run = await runToEnd(server, scope.engineer, startRunBody(scope.scopeId, exports.dir, sandbox, 'full'), 60_000);
  rec = await (await server.call(`/api/v1/runs/${run.id}/reconciliation`, { token: scope.engineer })).json();
  const state = await (await fetch(`${sandbox.url}/_sandbox/state`)).json();
  deals = Object.values(state.records?.deals ?? {}) as Rec[];
  contacts = Object.values(state.records?.contacts ?? {}) as Rec[];
  database = await openNodeDatabase(server.dbUrl);
}, 90_000);

afterAll(async () => {
  database?.close();
  await sandbox?.stop();
  await server?.stop();
  exports?.remove();
});

describe('Profi packages onto the deals of the sessions that name them', () => {
  it("the proposal links a session's Package column to the package's id, and does not write it as a value", () => {
    const rel = scope.proposed.relationships.find((r) => r.from.row === 'session' && r.to.row === 'package');
    expect(rel).toMatchObject({ from: { column: 'Package' }, to: { column: 'Package ID' }, via: 'id' });
    expect(scope.proposed.objects.find((o) => o.row === 'session')!.fields.find((f) => f.column === 'Package')!.target).toEqual({ kind: 'ignore' });
  });

  it('completes and reconciles green; packages make no deal of their own', () => {
    expect(run.status, run.error).toBe('completed');
    expect(rec.mismatches).toEqual([]);
    expect(rec.ok).toBe(true);
    expect(deals.filter((d) => /^package:/.test(d.custom_field?.cf_ferry_source_id ?? ''))).toEqual([]);
  });

  it("every session naming a package has its deal carry the package's custom fields, and keeps its own name", () => {
    const packages = new Map(rowsOf('packages.csv').map(({ r }) => [r['Package ID'], r]));
    const naming = rowsOf('sessions.csv').filter(({ r }) => r.Package && packages.has(r.Package));
    expect(naming.length).toBeGreaterThan(1);
    for (const { r } of naming) {
      const deal = dealOf(r['Session ID']!);
      expect(deal, r['Session ID']).toBeDefined();
      expect(deal!.custom_field, r['Session ID']).toMatchObject(packageFields(packages.get(r.Package!)!));
      expect(deal!.name).toBe(r['Session title']);
    }
  });

  it('each package is counted merged, naming how many deals took it; the unclaimed ones are quarantined, saying what to do', async () => {
    const carried = (truth.enrichments ?? []).filter((e) => e.object === 'package');
    const unclaimed = truth.quarantine.filter((q) => q.object === 'package');
    expect(carried.length).toBeGreaterThan(0);
    expect(unclaimed.length).toBeGreaterThan(0);
    const o = rec.objects.find((x: any) => x.object === 'package');
    expect(o).toMatchObject({ created: 0, updated: 0, merged: carried.length, quarantined: unclaimed.length, sourceRows: truth.objects.package!.rows });
    const quarantined = (rec.quarantine as any[]).filter((q) => q.object === 'package');
    expect(quarantined.map((q) => q.line).sort()).toEqual(unclaimed.map((q) => q.line).sort());
    for (const q of quarantined) {
      const id = files.get('packages.csv')!.byLine.get(q.line)!['Package ID'];
      expect(q.reason).toContain(`no session row names it (none has Package ID "${id}" in column Package)`);
      expect(q.reason).toContain(`put "${id}" in the Package column of the session rows it belongs to, then load it with a delta run`);
    }
    const merged = await database.db.select().from(runRows).where(and(eq(runRows.runId, run.id), eq(runRows.object, 'package'), eq(runRows.status, 'merged')));
    const sessions = rowsOf('sessions.csv');
    const byName = merged.filter((r) => sessions.some(({ r: s }) => s.Package === r.sourceKey));
    expect(byName.length).toBeGreaterThan(0);
    for (const row of byName) {
      const naming = sessions.filter(({ r: s }) => s.Package === row.sourceKey);
      const first = `session ${naming[0]!.r['Session ID']} (sessions.csv line ${naming[0]!.line})`;
      expect(row.reason).toBe(
        `carried onto the deals of the ${naming.length} session ${naming.length === 1 ? 'row' : 'rows'} naming it (${naming.length === 1 ? '' : 'the first: '}${first}): the pair card writes no record of its own for package, so its values fill the empty fields of each record naming it`,
      );
    }
    const summary = run.summary.pairCard.find((r: any) => r.row === 'package');
    expect(summary).toMatchObject({ outcome: 'carried', quarantined: unclaimed.length, note: `${carried.length} rows carried onto the records that name them as Deal custom fields, ${unclaimed.length} quarantined` });
  });

  it('a package no session names goes onto the sessions for its client alone that have none, and says so', async () => {
    const sessions = files.get('sessions.csv')!.byLine;
    const named = new Set(rowsOf('sessions.csv').map(({ r }) => r.Package));
    const fallback = (truth.enrichments ?? []).filter((e) => e.object === 'package' && !named.has(e.rows[0]!.id!));
    expect(fallback.length).toBeGreaterThan(0);
    for (const e of fallback) {
      const p = files.get('packages.csv')!.byLine.get(e.rows[0]!.line) as Record<string, string>;
      const session = sessions.get(e.parent.line) as Record<string, string>;
      expect(session.Package ?? '').toBe('');
      expect(dealOf(session['Session ID']!)!.custom_field, `${p['Package ID']} on ${session['Session ID']}`).toMatchObject(packageFields(p));
      const [row] = await database.db.select().from(runRows).where(and(eq(runRows.runId, run.id), eq(runRows.object, 'package'), eq(runRows.line, e.rows[0]!.line)));
      expect(row).toMatchObject({ status: 'merged', reason: expect.stringMatching(new RegExp(`^no session row names it, so it was carried onto the (\\d+ )?session records? for member CL-\\d+ alone that name no package of their own \\((the first: )?session ${session['Session ID']} \\(sessions\\.csv line ${e.parent.line}\\)\\)`)) });
    }
  });

  it('a session naming a package the export lacks loads without its values, with a warning', () => {
    const session = files.get('sessions.csv')!.byLine.get(plantedLine) as Record<string, string>;
    const deal = dealOf(session['Session ID']!)!;
    expect(deal).toBeDefined();
    expect(deal.custom_field[customFieldName('package', 'Package ID')] ?? null).toBeNull();
    expect(rec.warnings).toContainEqual(
      expect.objectContaining({ object: 'session', file: 'sessions.csv', line: plantedLine, column: 'Package', value: MISSING, reason: expect.stringContaining(`no package row in the export has Package ID "${MISSING}"`) }),
    );
  });

  it("course enrolments are carried onto their client's contact", () => {
    const carried = (truth.enrichments ?? []).filter((e) => e.object === 'course').reduce((n, e) => n + e.rows.length, 0);
    expect(rec.objects.find((x: any) => x.object === 'course')).toMatchObject({ created: 0, merged: carried });
    const enrolment = rowsOf('course_enrollments.csv')[0]!.r;
    const client = rowsOf('clients.csv').find(({ r }) => r['Client ID'] === enrolment.Client)!.r;
    const contact = contacts.find((c) => (c.emails ?? []).some((m: any) => m.value === client.Email!.trim().toLowerCase()));
    expect(contact?.custom_field?.[customFieldName('course', 'Progress')]).toEqual(expect.any(Number));
  });
});
