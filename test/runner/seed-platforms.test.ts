import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { exportDir, preparedSandbox, signedOffScope, startRunBody, waitForRun } from '../helpers/runs.ts';
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';

// A full run of each seed source's fixture exports (Kartra has its own test) completes and reconciles with no mismatch;
// the checks after it pin what the pair cards ask of the awkward rows: parent accounts, multi-company contacts,
// stages per pipeline, people who are customers and leads at once.

type Rec = Record<string, any> & { id: number };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Ran {
  done: any;
  rec: any;
  records: Record<string, Rec[]>;
  bySource: (entity: string, sourceId: string) => Rec | undefined;
}

/** A signed-off scope of `platform` run in full into a prepared sandbox; manual steps (Promio's export request) ticked off. */
async function fullRun(platform: string, check: (ran: Ran, sandbox: RunningSandbox) => Promise<void> | void) {
  const scope = await signedOffScope(server, platform);
  const sandbox = await preparedSandbox(scope.setup);
  const files = exportDir(platform);
  try {
    const res = await server.call('/api/v1/runs', jsonInit('POST', startRunBody(scope.scopeId, files.dir, sandbox, 'full'), scope.engineer));
    expect(res.status, await res.clone().text()).toBe(201);
    const id = (await res.json()).id;
    let done = await waitForRun(server, scope.engineer, id);
    if (done.status === 'paused' && done.pauseReason === 'manual_step') {
      for (const s of done.summary.manualSteps) await server.call(`/api/v1/runs/${id}/steps/${s.id}`, jsonInit('POST', { note: 'done' }, scope.engineer));
      done = await waitForRun(server, scope.engineer, id);
    }
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    const rec = await (await server.call(`/api/v1/runs/${id}/reconciliation`, { token: scope.engineer })).json();
    expect(rec.mismatches).toEqual([]);
    expect(rec.objects.filter((o: any) => !o.ok)).toEqual([]);
    expect(rec.ok).toBe(true);
    // Nothing is lost: every source row is loaded, merged, skipped or quarantined.
    for (const o of rec.objects) expect(o.created + o.updated + o.quarantined + o.merged + o.skipped + o.conflicts, o.object).toBe(o.sourceRows);
    const state = await (await fetch(`${sandbox.url}/_sandbox/state`)).json();
    const records: Record<string, Rec[]> = {};
    for (const [entity, byId] of Object.entries((state.records ?? {}) as Record<string, Record<string, Rec>>))
      records[entity] = Object.values(byId).filter((r) => !r.deleted_at && !r.is_deleted);
    const bySource = (entity: string, sourceId: string) => records[entity]?.find((r) => (r.custom_field?.cf_ferry_source_id ?? r.cf_ferry_source_id) === sourceId);
    await check({ done, rec, records, bySource }, sandbox);
  } finally {
    await sandbox.stop();
    files.remove();
  }
}

describe('full runs of the seed sources into Freshsales', () => {
  it('Soffront: parent accounts set in a second pass, a company name with a comma stays one account, deals in their pipelines', async () => {
    await fullRun('soffront', ({ rec, bySource }) => {
      const account = rec.objects.find((o: any) => o.object === 'account');
      expect(account.quarantined).toBe(0);
      const child = bySource('sales_accounts', 'account:A-2004')!;
      const parent = bySource('sales_accounts', 'account:A-2003')!;
      expect(child.parent_sales_account_id).toBe(parent.id);
      const contact = bySource('contacts', 'contact:C-10003')!;
      expect(contact.sales_account_id ?? contact.sales_accounts?.[0]?.id).toBe(parent.id);
      expect(rec.objects.find((o: any) => o.object === 'deal').quarantined).toBe(0);
      expect(rec.quarantine.filter((q: any) => /Regarding/.test(q.column ?? ''))).toEqual([]);
    });
  }, 120_000);

  it('Profi: bookings become appointments and invoices notes', async () => {
    await fullRun('profi', ({ rec, records }) => {
      const booking = rec.objects.find((o: any) => o.object === 'booking');
      const invoice = rec.objects.find((o: any) => o.object === 'invoice');
      expect(booking.created).toBeGreaterThan(0);
      expect(invoice.created).toBeGreaterThan(0);
      // A booking status is no meeting outcome: it is kept as a labelled line in the appointment's text.
      expect(JSON.stringify(records.appointments)).toContain('Status: Confirmed');
    });
  }, 120_000);

  it('FastTrack: a contact keeps its primary company and its other companies', async () => {
    await fullRun('fasttrack', ({ rec, bySource }) => {
      expect(rec.objects.find((o: any) => o.object === 'company').quarantined).toBe(0);
      const contact = bySource('contacts', 'contact:10452')!;
      const ids = (c: string) => bySource('sales_accounts', `company:${c}`)!.id;
      expect(contact.sales_accounts.map((a: any) => a.id).sort()).toEqual([ids('C-77'), ids('C-81'), ids('C-90')].sort());
      expect(contact.sales_accounts.filter((a: any) => a.is_primary).map((a: any) => a.id)).toEqual([ids('C-77')]);
      expect(bySource('sales_accounts', 'company:C-77')!.parent_sales_account_id).toBe(ids('C-70'));
      expect(rec.objects.find((o: any) => o.object === 'deal').quarantined).toBe(0);
    });
  }, 120_000);

  it('Promio: a lead who became a customer is one contact; people make no account; business contacts link to their own account', async () => {
    await fullRun('promio', ({ rec, bySource }) => {
      const lead = rec.objects.find((o: any) => o.object === 'lead');
      expect(lead.merged).toBeGreaterThan(0);
      const account = rec.objects.find((o: any) => o.object === 'customer_account');
      expect(account.quarantined).toBe(0);
      expect(account.skipped).toBeGreaterThan(0);
      const dental = bySource('contacts', 'customer_contact:CU-502')!;
      expect(dental.sales_account_id ?? dental.sales_accounts?.[0]?.id).toBe(bySource('sales_accounts', 'customer_account:CU-502')!.id);
      expect(bySource('contacts', 'customer_contact:CU-510')).toBeDefined();
    });
  }, 120_000);
});
