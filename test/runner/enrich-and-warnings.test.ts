import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { openNodeDatabase, type OpenedDatabase } from '../../db/client.node.ts';
import { runRows } from '../../db/schema/index.ts';
import { knowledgeBase } from '../../rules/index.ts';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { generateFixtures, type FixtureTruth } from '../../src/runner/fixtures/index.ts';
import { generatedExports, signedOffGeneratedScope, type GeneratedExports } from '../helpers/generated.ts';
import { pdfText } from '../helpers/pdf.ts';
import { preparedSandbox, startRunBody, runToEnd } from '../helpers/runs.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { readGenerated, type ReadFile } from './fixtures/read.ts';

// A generated Promio export run into the sandbox: reviews and calls (pair-card rows that write no record of their own)
// are carried onto the contacts they name, customers naming one business make one account, and rows that load without
// a link or with a number moved say so in the reconciliation's warnings instead of being held back.

type Rec = Record<string, any> & { id: number };
const SCALE = 40;
const SEED = 6;

let server: TestServer;
let exports: GeneratedExports;
let truth: FixtureTruth;
let scope: Awaited<ReturnType<typeof signedOffGeneratedScope>>;
let sandbox: RunningSandbox;
let run: Record<string, any>;
let rec: Record<string, any>;
let contacts: Rec[];
let accounts: Rec[];
let database: OpenedDatabase;
const files = new Map<string, ReadFile>();
/** The lead whose mobile number a contact outside the run already holds. */
let outsider: { line: number; mobile: string };

const api = (path: string) => server.call(path, { token: scope.engineer });
const rowsOf = (file: string) => [...files.get(file)!.byLine.entries()].map(([line, r]) => ({ line, r: r as Record<string, string> }));
const customFieldName = (row: string, column: string): string => {
  const target = scope.mapping.objects.find((o) => o.row === row)!.fields.find((f) => f.column === column)!.target as { kind: string; name?: string };
  if (target.kind !== 'custom' || !target.name) throw new Error(`${row}.${column} is not mapped to a custom field`);
  return target.name;
};
const contactByEmail = (email: string) => contacts.find((c) => (c.emails ?? []).some((e: any) => e.value === email.trim().toLowerCase()));
const linksAccount = (c: Rec, a: Rec) => c.sales_account_id === a.id || (c.sales_accounts ?? []).some((x: any) => x.id === a.id);
const digits = (s: string) => s.replace(/\D/g, '');

beforeAll(async () => {
  server = await startTestServer();
  exports = generatedExports('promio', { scale: SCALE, seed: SEED });
  truth = exports.manifest.truth;
  for (const f of generateFixtures('promio', { scale: SCALE, seed: SEED }).files) if (f.name.endsWith('.csv')) files.set(f.name, await readGenerated(f));
  scope = await signedOffGeneratedScope(server, 'promio', exports);
  sandbox = await preparedSandbox(scope.setup);

  // A contact already in the account holds the mobile number of a lead no other row shares: Freshsales refuses that
  // lead's write, which the run cannot foresee.
  const leads = rowsOf('leads.csv').filter(({ r }) => r['Lead ID'] && r['Phone Number']);
  const pick = leads.find(({ r }) => leads.filter((x) => digits(x.r['Phone Number']!) === digits(r['Phone Number']!)).length === 1)!;
  outsider = { line: pick.line, mobile: pick.r['Phone Number']! };
  const made = await fetch(`${sandbox.suiteBaseUrl}/api/contacts`, {
    method: 'POST',
    headers: { Authorization: `Token token=${sandbox.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ contact: { first_name: 'Already', last_name: 'There', emails: [{ value: 'already.there@elsewhere.example', is_primary: true }], mobile_number: outsider.mobile } }),
  });
  if (made.status !== 201) throw new Error(`seeding the outside contact: ${made.status} ${await made.text()}`);

  const steps = (knowledgeBase.source('promio')!.channels.export.manualSteps ?? []).map((s) => s.id);
  run = await runToEnd(server, scope.engineer, startRunBody(scope.scopeId, exports.dir, sandbox, 'full', { options: { stepsDone: steps } }), 60_000);
  rec = await (await api(`/api/v1/runs/${run.id}/reconciliation`)).json();
  const state = await (await fetch(`${sandbox.url}/_sandbox/state`)).json();
  contacts = Object.values(state.records?.contacts ?? {}) as Rec[];
  accounts = Object.values(state.records?.sales_accounts ?? {}) as Rec[];
  database = await openNodeDatabase(server.dbUrl);
}, 90_000);

afterAll(async () => {
  database?.close();
  await sandbox?.stop();
  await server?.stop();
  exports?.remove();
});

describe('a Promio export with reviews, calls, shared businesses and loose links', () => {
  it('completes and reconciles green, holding back only what cannot load', () => {
    expect(run.status, run.error).toBe('completed');
    expect(rec.mismatches).toEqual([]);
    expect(rec.ok).toBe(true);
    const listed = (rec.quarantine as any[]).map((q) => `${q.file}:${q.line}`).sort();
    expect(listed).toEqual(truth.quarantine.map((q) => `${q.file}:${q.line}`).sort());
  });

  it('reviews and calls make no contact of their own: each row is carried onto the contact it names, merged into it', async () => {
    for (const object of ['review', 'call_recording']) {
      const o = rec.objects.find((x: any) => x.object === object);
      const carried = (truth.enrichments ?? []).filter((e) => e.object === object).reduce((n, e) => n + e.rows.length, 0);
      expect(o).toMatchObject({ created: 0, updated: 0, merged: carried });
      expect(o.merged + o.quarantined).toBe(o.sourceRows);
      expect(run.summary.pairCard.find((r: any) => r.row === object)).toMatchObject({ outcome: 'carried', note: `${carried} rows carried onto the records they name as Contact (custom fields), ${o.quarantined} quarantined` });
    }
    expect(contacts.filter((c) => /^(review|call_recording):/.test(c.custom_field?.cf_ferry_source_id ?? ''))).toEqual([]);
    // The orphan review names a customer the export lacks: it has nowhere to go, and says why.
    expect(rec.quarantine).toContainEqual(expect.objectContaining({ file: 'reviews.csv', object: 'review', reason: expect.stringMatching(/no customer_contact row in the export has Customer ID "CU-98\d\d"/) }));
    const merged = await database.db.select().from(runRows).where(and(eq(runRows.runId, run.id), eq(runRows.object, 'review'), eq(runRows.status, 'merged')));
    for (const r of merged) expect(r.reason).toMatch(/^carried onto customer_contact CU-\d+ \(customers\.csv line \d+\)/);
  });

  it('per field the newest row wins: the later review of a customer and the latest call of a lead', () => {
    const reviews = rowsOf('reviews.csv');
    const twice = reviews.find(({ r }) => reviews.filter((x) => x.r['Customer ID'] === r['Customer ID']).length > 1)!.r['Customer ID']!;
    const [, later] = reviews.filter(({ r }) => r['Customer ID'] === twice);
    const customer = rowsOf('customers.csv').find(({ r }) => r['Customer ID'] === twice)!.r;
    const contact = contactByEmail(customer.Email!)!;
    expect(contact.custom_field[customFieldName('review', 'Review Link')]).toBe(later!.r['Review Link']);
    expect(contact.custom_field[customFieldName('review', 'Reputation Score')]).toBe(Number(later!.r['Reputation Score']));

    const calls = rowsOf('calls.csv').filter(({ r }) => r.Lead && !r.Lead.startsWith('L-99'));
    const day = (r: Record<string, string>) => r['Call Date']!.slice(0, 10);
    const busy = calls.find(({ r }) => {
      const mine = calls.filter((x) => x.r.Lead === r.Lead).map((x) => day(x.r)).sort();
      return mine.length > 1 && mine.at(-1) !== mine.at(-2);
    })!.r.Lead!;
    const latest = calls.filter(({ r }) => r.Lead === busy).sort((a, b) => (a.r['Call Date']! < b.r['Call Date']! ? 1 : -1))[0]!.r;
    const lead = rowsOf('leads.csv').find(({ r }) => r['Lead ID'] === busy)!.r;
    const leadContact = contactByEmail(lead['Email Address']!)!;
    expect(leadContact.custom_field[customFieldName('call_recording', 'Recording URL')]).toBe(latest['Recording URL']);
  });

  it('customers naming one business are one account: the later row is it, and both contacts link to it', async () => {
    const shared = truth.duplicates.filter((d) => d.row === 'customer_account');
    expect(shared.length).toBeGreaterThan(0);
    expect(rec.objects.find((o: any) => o.object === 'customer_account').merged).toBe(shared.reduce((n, d) => n + d.merged.length, 0));
    expect(rec.objects.find((o: any) => o.object === 'customer_contact').merged).toBe(0);
    const customers = files.get('customers.csv')!.byLine;
    for (const d of shared) {
      const survivor = customers.get(d.survivor.line) as Record<string, string>;
      const named = accounts.filter((a) => a.name === survivor['Business Name']);
      expect(named, survivor['Business Name']).toHaveLength(1);
      expect(named[0]!.custom_field[customFieldName('customer_account', 'Customer ID')]).toBe(survivor['Customer ID']);
      for (const r of [d.survivor, ...d.merged]) expect(linksAccount(contactByEmail((customers.get(r.line) as Record<string, string>).Email!)!, named[0]!), `customers.csv:${r.line}`).toBe(true);
      const [row] = await database.db.select().from(runRows).where(and(eq(runRows.runId, run.id), eq(runRows.object, 'customer_account'), eq(runRows.line, d.merged[0]!.line)));
      expect(row).toMatchObject({ status: 'merged', reason: `duplicate of customers.csv line ${d.survivor.line} (same name ${d.key})` });
    }
  });

  it('a campaign naming a customer the export lacks loads without that link, with a warning', () => {
    const orphan = truth.orphans.find((o) => o.file === 'campaigns.csv')!;
    expect(orphan.quarantined).toBe(false);
    expect(rec.warnings).toContainEqual({
      object: 'campaign',
      file: 'campaigns.csv',
      line: orphan.line,
      sourceKey: orphan.id,
      column: 'Customer ID',
      value: orphan.value,
      reason: `column Customer ID: no customer_account row in the export has Customer ID "${orphan.value}", so this record was loaded without that link; link it in Freshsales once that record exists there`,
    });
  });

  it('a mobile number two leads share stays with the first; the second has it as its work number, with a warning', () => {
    const moved = (rec.warnings as any[]).filter((w) => /is already on lead/.test(w.reason));
    expect(moved.length).toBeGreaterThan(0);
    for (const w of moved) {
      const row = files.get(w.file)!.byLine.get(w.line) as Record<string, string>;
      const contact = contactByEmail(row['Email Address']!)!;
      expect([contact.mobile_number ?? null, contact.work_number]).toEqual([null, w.value]);
      const [, holderLine] = /\(leads\.csv line (\d+)\)/.exec(w.reason)!;
      const holder = files.get('leads.csv')!.byLine.get(Number(holderLine)) as Record<string, string>;
      expect(digits(holder['Phone Number']!)).toBe(digits(w.value));
      expect(contactByEmail(holder['Email Address']!)!.mobile_number).toBe(holder['Phone Number']);
    }
  });

  it('a number Freshsales refuses because a record outside the run holds it: written again without it, with a warning', () => {
    const row = files.get('leads.csv')!.byLine.get(outsider.line) as Record<string, string>;
    const contact = contactByEmail(row['Email Address']!)!;
    expect(contact).toBeDefined();
    expect(contact.mobile_number ?? null).toBeNull();
    expect(rec.warnings).toContainEqual(expect.objectContaining({ file: 'leads.csv', line: outsider.line, value: outsider.mobile, reason: expect.stringMatching(/Freshsales refused mobile number .* loaded without it/) }));
  });

  it('the run view counts warned rows, and the CSV and the PDF list them', async () => {
    const view = await (await api(`/api/v1/runs/${run.id}`)).json();
    const counted = Object.values(view.progress.objects as Record<string, { warnings: number }>).reduce((n, o) => n + o.warnings, 0);
    expect(counted).toBe(new Set((rec.warnings as any[]).map((w) => `${w.file}:${w.line}`)).size);
    const csv = await (await api(`/api/v1/runs/${run.id}/warnings.csv`)).text();
    expect(csv.split(/\r?\n/)[0]).toBe('object,file,line,source_key,column,value,reason');
    expect(csv).toContain('campaigns.csv');
    const text = await pdfText(new Uint8Array(await (await api(`/api/v1/runs/${run.id}/reconciliation.pdf`)).arrayBuffer()));
    expect(text).toContain(`Loaded with a warning (${rec.warnings.length})`);
  });
});
