import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { knowledgeBase } from '../../rules/index.ts';
import { pdfText } from '../helpers/pdf.ts';
import { exportDir, preparedSandbox, signedOffScope, startRunBody, waitForRun, rolledBack } from '../helpers/runs.ts';
import { expectEnvelope, jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';

type Rec = Record<string, unknown> & { id: number };
interface SandboxRecords { contacts: Rec[]; sales_accounts: Rec[]; deals: Rec[] }

let server: TestServer;
let sandbox: RunningSandbox;
let scope: Awaited<ReturnType<typeof signedOffScope>>;
let exports: ReturnType<typeof exportDir>;
let before: SandboxRecords;

/** The live records of the sandbox account, as its admin dump shows them. */
async function records(): Promise<SandboxRecords> {
  const state = await (await fetch(`${sandbox.url}/_sandbox/state`)).json();
  const live = (c: string) => Object.values((state.records?.[c] ?? {}) as Record<string, Rec & { deleted_at?: unknown; is_deleted?: boolean }>).filter((r) => !r.deleted_at && !r.is_deleted);
  return { contacts: live('contacts'), sales_accounts: live('sales_accounts'), deals: live('deals') };
}

const api = (path: string, init?: RequestInit) => server.call(path, { ...init, token: scope.engineer });
const start = async (mode: string, extra: Record<string, unknown> = {}) => {
  const res = await api('/api/v1/runs', jsonInit('POST', startRunBody(scope.scopeId, exports.dir, sandbox, mode, extra)));
  const body = await res.json();
  if (res.status !== 201) throw new Error(`start ${mode}: ${res.status} ${JSON.stringify(body)}`);
  return body as { id: string; status: string };
};

beforeAll(async () => {
  server = await startTestServer();
  scope = await signedOffScope(server, 'kartra');
  // The account admin has created the fields and choices, but not yet invited the owners.
  sandbox = await preparedSandbox(scope.setup, { withUsers: false });
  exports = exportDir('kartra');
  before = await records();
}, 60_000);
afterAll(async () => {
  await sandbox?.stop();
  await server?.stop();
  exports?.remove();
});

describe('a Kartra export migrated into the Freshsales sandbox', () => {
  let sampleId: string;
  let fullId: string;
  let deltaId: string;

  it('refuses a run of a version nobody signed, and never echoes the API key', async () => {
    const res = await api('/api/v1/runs', jsonInit('POST', { ...startRunBody(scope.scopeId, exports.dir, sandbox, 'full'), scopeVersion: 1 }));
    const error = await expectEnvelope(res, 409, 'CONFLICT');
    expect(error.message).toMatch(/signed off/);
    expect(JSON.stringify(error)).not.toContain(sandbox.apiKey);
    const sales = await server.call('/api/v1/runs', { ...jsonInit('POST', startRunBody(scope.scopeId, exports.dir, sandbox, 'full')), token: scope.sales });
    await expectEnvelope(sales, 403, 'FORBIDDEN');
  });

  it('sample: waits for owners who are not Freshsales users yet, then loads a slice and diffs it field by field', async () => {
    sampleId = (await start('sample', { options: { sampleSize: 6 } })).id;
    const waiting = await waitForRun(server, scope.engineer, sampleId);
    expect(waiting.status).toBe('awaiting_owners');
    // Every owner the scope keeps is named; the fallback owner is not waited for.
    for (const u of scope.setup.users.filter((x) => x.role === 'owner')) expect(waiting.error).toContain(u.email);
    expect(JSON.stringify(waiting)).not.toContain(sandbox.apiKey);

    for (const u of scope.setup.users) {
      const added = await fetch(`${sandbox.url}/_sandbox/users`, jsonInit('POST', { display_name: u.email.split('@')[0], email: u.email }));
      expect(added.status).toBe(201);
    }
    expect((await api(`/api/v1/runs/${sampleId}/resume`, { method: 'POST' })).status).toBe(202);
    const done = await waitForRun(server, scope.engineer, sampleId);
    expect(done.status, JSON.stringify(done)).toBe('completed');

    const diff = await (await api(`/api/v1/runs/${sampleId}/diff`)).json();
    expect(diff.summary.records).toBeGreaterThan(0);
    expect(diff.summary.records).toBeLessThan(37);
    const mismatched = diff.records.flatMap((r: any) => r.fields.filter((f: any) => !f.match).map((f: any) => `${r.object} ${r.sourceKey} ${f.field}: ${JSON.stringify(f.expected)} ≠ ${JSON.stringify(f.actual)}`));
    expect(mismatched).toEqual([]);
    // Every deal in the sample found its contact, because the contacts it links to were sampled too.
    expect(diff.records.some((r: any) => r.entity === 'deals')).toBe(true);
    const pdf = await api(`/api/v1/runs/${sampleId}/diff.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain(sampleId);
  }, 60_000);

  it('full: loads everything in dependency order, adopts the sample records, and reconciles green', async () => {
    fullId = (await start('full')).id;
    const done = await waitForRun(server, scope.engineer, fullId);
    expect(done.status, JSON.stringify(done)).toBe('completed');
    const rec = await (await api(`/api/v1/runs/${fullId}/reconciliation`)).json();
    expect(rec.mismatches).toEqual([]);
    expect(rec.objects.filter((o: any) => !o.ok)).toEqual([]);
    expect(rec.ok).toBe(true);

    // The summary sets the calls made beside the estimator's count, and names what became of every pair-card row.
    expect(done.summary.calls.withinTolerance, done.summary.calls.note).toBe(true);
    expect(done.summary.calls.actual.total).toBeGreaterThan(0);
    const pair = knowledgeBase.pair('kartra', 'freshsales')!;
    expect(done.summary.pairCard.map((r: any) => r.row)).toEqual([...pair.rows.map((r) => r.id), ...pair.notMigrated.map((i) => i.id)]);
    const outcome = Object.fromEntries(done.summary.pairCard.map((r: any) => [r.row, r.outcome]));
    expect(outcome).toMatchObject({ contact: 'migrated', company: 'migrated', transaction: 'migrated', owner: 'carried', 'sequences-automations': 'inventoried' });

    const after = await records();
    const contacts = rec.objects.find((o: any) => o.object === 'contact');
    expect(after.contacts.length - before.contacts.length).toBe(contacts.created);
    const emails = after.contacts.flatMap((c: any) => (c.emails ?? []).map((e: any) => e.value.toLowerCase()));
    expect(new Set(emails).size).toBe(emails.length);
    // Accounts were made from the contacts' free-text company, one per distinct name.
    const accounts = rec.objects.find((o: any) => o.object === 'contact.account');
    expect(accounts.created).toBeGreaterThan(0);
    expect(after.sales_accounts.length - before.sales_accounts.length).toBe(accounts.created);

    // Nothing is lost: every source row is loaded, merged, or quarantined with file, line and reason.
    for (const o of rec.objects) expect(o.created + o.updated + o.quarantined + o.merged + o.skipped + o.conflicts, o.object).toBe(o.sourceRows);
    for (const q of rec.quarantine) {
      expect(q.file).toMatch(/\.csv$/);
      expect(q.line).toBeGreaterThan(1);
      expect(q.reason.length).toBeGreaterThan(10);
    }
    expect(rec.quarantine.length).toBe(rec.objects.reduce((n: number, o: any) => n + o.quarantined, 0));
    const csv = await (await api(`/api/v1/runs/${fullId}/quarantine.csv`)).text();
    for (const q of rec.quarantine) expect(csv).toContain(`${q.file},${q.line}`);
    const pdf = await pdfText(new Uint8Array(await (await api(`/api/v1/runs/${fullId}/reconciliation.pdf`)).arrayBuffer()));
    expect(pdf).toContain('contact');

    const audit = await (await api(`/api/v1/runs/${fullId}/audit?perPage=5`)).json();
    expect(audit.total).toBe(rec.objects.reduce((n: number, o: any) => n + o.created + o.updated, 0));
    expect(audit.entries).toHaveLength(5);
    const auditCsv = await (await api(`/api/v1/runs/${fullId}/audit.csv`)).text();
    expect(auditCsv.split('\n').filter(Boolean).length).toBe(audit.total + 1);
  }, 60_000);

  it('delta: picks up new and changed rows, and leaves a record edited in Freshsales since go-live alone', async () => {
    const file = join(exports.dir, 'contacts.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    // Row 3 changes its fitness goal; row 4's record is also edited by a person in Freshsales.
    const header = lines[0]!.split(',');
    const goal = header.indexOf('fitness_goal');
    const changed = lines[2]!.split(',');
    changed[goal] = 'Run a half marathon';
    lines[2] = changed.join(',');
    const edited = lines[3]!.split(',');
    edited[goal] = 'Swim a mile';
    lines[3] = edited.join(',');
    writeFileSync(file, lines.join('\n'));
    appendFileSync(file, `${lines.at(-1) === '' ? '' : '\n'}700199,New,Person,new.person@example.com,+1,6175550199,,,,Boston,United States,2025-01-02 10:00:00,api,,Newsletter,1,2025-01-02 10:00:00,,Learn to row,Gold\n`);
    const editedEmail = edited[header.indexOf('Email')]!.toLowerCase();
    const target = (await records()).contacts.find((c: any) => c.emails?.some((e: any) => e.value.toLowerCase() === editedEmail))!;
    const put = await fetch(`${sandbox.suiteBaseUrl}/api/contacts/${target.id}`, { ...jsonInit('PUT', { contact: { job_title: 'Head coach' } }), headers: { 'Content-Type': 'application/json', Authorization: `Token token=${sandbox.apiKey}` } });
    expect(put.status).toBe(200);

    deltaId = (await start('delta')).id;
    const done = await waitForRun(server, scope.engineer, deltaId);
    expect(done.status, JSON.stringify(done)).toBe('completed');
    expect(done.parentRunId).toBe(fullId);
    const contact = done.progress.objects.contact;
    expect(contact).toMatchObject({ created: 1, updated: 1, conflicts: 1 });
    const rec = await (await api(`/api/v1/runs/${deltaId}/reconciliation`)).json();
    expect(rec.conflicts).toEqual([expect.objectContaining({ object: 'contact', reason: expect.stringMatching(/edited in Freshsales/) })]);
    const now = await records();
    expect(now.contacts.find((c) => c.id === target.id)?.job_title).toBe('Head coach');
  }, 60_000);

  it('rollback of the full run undoes the delta first, then leaves the account as it was before the sample', async () => {
    await expectEnvelope(await api(`/api/v1/runs/${fullId}/pause`, { method: 'POST' }), 409, 'CONFLICT');
    const report = await rolledBack(server, scope.engineer, fullId);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect((await (await api(`/api/v1/runs/${deltaId}`)).json()).status).toBe('rolled_back');
    const after = await records();
    const ids = (r: SandboxRecords) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, (v as Rec[]).map((x) => x.id).sort()]));
    expect(ids(after)).toEqual(ids(before));
    const audit = await (await api(`/api/v1/runs/${fullId}/audit?perPage=1000`)).json();
    expect(audit.entries.every((e: any) => ['deleted', 'restored'].includes(e.undo))).toBe(true);
  }, 60_000);
});
