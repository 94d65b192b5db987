import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { exportDir, preparedSandbox, signedOffScope, startRunBody, waitForRun, rolledBack } from '../helpers/runs.ts';
import { answerAll, type Mapping } from '../helpers/scoping.ts';
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';

type Rec = Record<string, any> & { id: number };
const ACTIVITIES = ['tasks', 'appointments', 'sales_activities', 'notes'] as const;

/** A scope taken through discovery, an engineer's corrections to the proposed mapping, approval and sign-off. */
const signedOffWith = (server: TestServer, platform: string, edit: (m: Mapping) => void) =>
  signedOffScope(server, platform, {
    tag: 'act',
    settle: (proposed, questions) => {
      const mapping = answerAll(proposed, questions);
      edit(mapping);
      return mapping;
    },
  });

async function records(sandbox: RunningSandbox) {
  const state = await (await fetch(`${sandbox.url}/_sandbox/state`)).json();
  const live = (c: string): Rec[] => Object.values((state.records?.[c] ?? {}) as Record<string, Rec>).filter((r) => !r.deleted_at && !r.is_deleted);
  return Object.fromEntries(['contacts', 'sales_accounts', 'deals', ...ACTIVITIES].map((c) => [c, live(c)])) as Record<string, Rec[]>;
}
const ids = (r: Record<string, Rec[]>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.map((x) => x.id).sort()]));
const bySource = (all: Rec[], key: string) => all.find((r) => String(r.description ?? r.notes ?? '').includes(`Ferry source id: ${key}\n`) || String(r.description ?? r.notes ?? '').endsWith(`Ferry source id: ${key}`));

async function runToEnd(server: TestServer, token: string, body: unknown) {
  const res = await server.call('/api/v1/runs', { ...jsonInit('POST', body), token });
  const started = await res.json();
  if (res.status !== 201) throw new Error(`start: ${res.status} ${JSON.stringify(started)}`);
  return waitForRun(server, token, started.id);
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('Soffront activities into the Freshsales sandbox', () => {
  let sandbox: RunningSandbox;
  let exports: ReturnType<typeof exportDir>;
  let scope: Awaited<ReturnType<typeof signedOffWith>>;
  let before: Record<string, Rec[]>;
  let runId: string;
  beforeAll(async () => {
    // The proposal matches "Regarding" against the wrong contact and deal columns; the engineer points them at the ids.
    scope = await signedOffWith(server, 'soffront', (m) => {
      for (const r of m.relationships as any[]) {
        if (r.id === 'activity->contact') r.to.column = 'ContactID';
        if (r.id === 'activity->deal') r.to.column = 'Opportunity ID';
      }
    });
    sandbox = await preparedSandbox(scope.setup);
    exports = exportDir('soffront');
    before = await records(sandbox);
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    exports?.remove();
  });

  it('full: routes each activity by type, hangs it off the right record with its original dates and owner, and reconciles green', async () => {
    const done = await runToEnd(server, scope.engineer, startRunBody(scope.scopeId, exports.dir, sandbox, 'full'));
    expect(done.status, JSON.stringify(done)).toBe('completed');
    runId = done.id;
    const rec = await (await server.call(`/api/v1/runs/${runId}/reconciliation`, { token: scope.engineer })).json();
    expect(rec.mismatches).toEqual([]);
    expect(rec.ok, JSON.stringify(rec.objects)).toBe(true);
    const activity = rec.objects.find((o: any) => o.object === 'activity');
    const deals = rec.objects.find((o: any) => o.object === 'deal');
    const quarantined = rec.quarantine.filter((q: any) => q.object === 'activity');
    // Never dropped: activities about deals this account refused wait with the deal they name. ACT-8, a cancelled
    // to-do, is no longer held back for its status (it becomes a closed task); it names a ticket, which this scope
    // does not link activities to, so it waits for that.
    expect(quarantined).toContainEqual(expect.objectContaining({ file: 'Activities.csv', line: 12, reason: expect.stringMatching(/must hang off a contact, account or deal/) }));
    for (const q of quarantined.filter((x: any) => x.line !== 12)) expect(q).toMatchObject({ column: 'Regarding', reason: expect.stringMatching(/"O-\d+" names no loaded account, contact, deal/) });
    // Today this account refuses the deals (their stages sit in another pipeline), so every deal activity waits.
    if (deals.created === 0) expect(quarantined.map((q: any) => q.line).sort((x: number, y: number) => x - y)).toEqual([3, 4, 5, 12, 13, 15]);
    expect(activity).toMatchObject({ sourceRows: 11, created: 11 - quarantined.length, readBack: 11 - quarantined.length, hashMatched: 11 - quarantined.length });

    const after = await records(sandbox);
    const contact = (email: string) => after.contacts.find((c) => c.emails.some((e: any) => e.value === email))!;
    const account = (name: string) => after.sales_accounts.find((a) => a.name === name)!;

    // Completed calls on contacts: Phone sales activities with the call's own start and end (Los Angeles time).
    const call = bySource(after.sales_activities, 'activity:ACT-1')!;
    expect(call).toMatchObject({ title: 'Intro call', targetable_type: 'Contact', targetable_id: contact('rene.dubois@lumiere-cafe.example').id });
    expect(Date.parse(call.start_date)).toBe(Date.parse('2024-02-01T10:30:00-08:00'));
    expect(Date.parse(call.end_date)).toBe(Date.parse('2024-02-01T10:55:00-08:00'));
    const types = (await (await fetch(`${sandbox.suiteBaseUrl}/api/selector/sales_activity_types`, { headers: { Authorization: `Token token=${sandbox.apiKey}` } })).json()).sales_activity_types;
    expect(types.find((t: any) => t.id === call.sales_activity_type_id).name).toBe('Phone');
    expect(['activity:ACT-6', 'activity:ACT-10'].map((k) => bySource(after.sales_activities, k)?.targetable_type)).toEqual(['Contact', 'Contact']);
    // A meeting on an account: an appointment from 10:00 to 11:30 as the source had it.
    const meeting = bySource(after.appointments, 'activity:ACT-7')!;
    expect(meeting).toMatchObject({ title: 'Quarterly business review', targetable_type: 'SalesAccount', targetable_id: account('Smith, Barnes & Co.').id });
    expect(Date.parse(meeting.from_date)).toBe(Date.parse('2024-07-02T10:00:00-07:00'));
    expect(Date.parse(meeting.end_date) - Date.parse(meeting.from_date)).toBe(90 * 60_000);
    // A done to-do is a done task, due when the source said, owned by the fallback owner the scope hands its owner to.
    const task = bySource(after.tasks, 'activity:ACT-5')!;
    expect(task).toMatchObject({ title: 'Check sensor shipment', status: 1, targetable_type: 'SalesAccount', targetable_id: account('Pacific Pumps Inc').id });
    expect(Date.parse(task.due_date)).toBe(Date.parse('2023-12-01T09:00:00-08:00'));
    const fallback = (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()).users.find((u: any) => u.email === 'ops@acme.test').id;
    expect(task.owner_id).toBe(fallback);
    // Counts by kind match what the run created.
    const made = ACTIVITIES.reduce((n, c) => n + after[c]!.length - before[c]!.length, 0);
    expect(made).toBe(activity.created);
  }, 90_000);

  it('rollback deletes every activity and leaves the account as it was', async () => {
    expect((await rolledBack(server, scope.engineer, runId)).problems).toEqual([]);
    expect(ids(await records(sandbox))).toEqual(ids(before));
  }, 90_000);
});
