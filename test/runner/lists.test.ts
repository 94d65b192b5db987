import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { exportDir, preparedSandbox, signedOffScope, startRunBody, waitForRun, rolledBack } from '../helpers/runs.ts';
import { answerAll, type Mapping } from '../helpers/scoping.ts';
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';

// Kartra's Lists column into Freshsales lists: each distinct name once (found by name when the account has it), each
// loaded contact added to the lists its rows name, a delta adding only what is new, and rollback taking out what the
// runs put in. And the other way: a scope that keeps the names in a multi-select contact field instead.

const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** The public API of a sandbox account, as the customer's own tools would call it. */
function freshsales(sandbox: RunningSandbox) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.suiteBaseUrl}/api${path}`, {
      method,
      headers: { Authorization: `Token token=${sandbox.apiKey}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    call,
    lists: async () => ((await call('GET', '/lists?per_page=100')).lists as { id: number; name: string }[]),
    /** The emails of a list's members, lower-cased. */
    memberEmails: async (id: number) =>
      new Set(((await call('GET', `/contacts/lists/${id}?per_page=100`)).contacts as { emails?: { value: string }[]; email?: string }[]).map((c) => (c.emails?.[0]?.value ?? c.email ?? '').toLowerCase())),
  };
}

/** For each email of a contact export, the folded list names its rows name (duplicates of one person together). */
function listsByEmail(csv: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of parse(csv, { columns: true }) as Record<string, string>[]) {
    const email = r.Email!.trim().toLowerCase();
    for (const name of r.Lists!.split(';').map(fold).filter(Boolean)) out.set(email, (out.get(email) ?? new Set()).add(name));
  }
  return out;
}

describe('Kartra lists become Freshsales lists', () => {
  let scope: Awaited<ReturnType<typeof signedOffScope>>;
  let sandbox: RunningSandbox;
  let exports: ReturnType<typeof exportDir>;
  let fs: ReturnType<typeof freshsales>;
  let existing: { list: number; contact: number };
  let fullId: string;
  let deltaId: string;
  const api = (path: string, init?: RequestInit) => server.call(path, { ...init, token: scope.engineer });
  const start = async (mode: string) => {
    const res = await api('/api/v1/runs', jsonInit('POST', startRunBody(scope.scopeId, exports.dir, sandbox, mode)));
    if (res.status !== 201) throw new Error(`start ${mode}: ${res.status} ${await res.text()}`);
    return (await res.json()).id as string;
  };
  const contactsCsv = () => readFileSync(join(exports.dir, 'contacts.csv'), 'utf8');

  beforeAll(async () => {
    scope = await signedOffScope(server, 'kartra', { tag: 'lists' });
    sandbox = await preparedSandbox(scope.setup);
    fs = freshsales(sandbox);
    exports = exportDir('kartra');
    // The account already keeps a newsletter list (another spelling) with a subscriber of its own.
    const contact = (await fs.call('POST', '/contacts', { contact: { first_name: 'Already', last_name: 'Subscribed', emails: [{ value: 'already@subscribed.test', is_primary: true }] } })).contact.id;
    const list = (await fs.call('POST', '/lists', { list: { name: ' newsletter' } })).list.id;
    await fs.call('PUT', `/lists/${list}/add_contacts`, { ids: [contact] });
    existing = { list, contact };
    // A second row for Jennifer Moss (her email in capitals) names two more lists, one of them spelt loosely; a row
    // with an unusable email is quarantined and joins nothing.
    appendFileSync(
      join(exports.dir, 'contacts.csv'),
      '700113,Jen,Moss,JEN.MOSS@example.com,+1,6175550113,,,,Boston,United States,2020-01-01 09:00:00,checkout,,VIP; free   GUIDE ,1,2020-01-01 09:00:00,,,\n' +
        '700114,No,Mail,not an email,+1,6175550114,,,,Boston,United States,2024-01-01 09:00:00,api,,Win-back,1,2024-01-01 09:00:00,,,\n',
    );
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    exports?.remove();
  });

  it('the proposal sends the Lists column to lists, saying why', () => {
    const line = scope.mapping.objects.find((o) => o.row === 'contact')!.fields.find((f) => f.column === 'Lists')!;
    expect(line.target).toEqual({ kind: 'list' });
    expect(line.reasons.join(' ')).toMatch(/becomes a Freshsales contact list/);
    // Nothing to set up by hand: the run makes the lists.
    expect(scope.setup.customFields.map((f) => f.label)).not.toContain('Lists');
  });

  it('full: one list per distinct name (the account’s own newsletter reused), each loaded contact in the lists its rows name', async () => {
    fullId = await start('full');
    const run = await waitForRun(server, scope.engineer, fullId);
    expect(run.status, JSON.stringify(run.error)).toBe('completed');

    const lists = await fs.lists();
    const names = lists.map((l) => fold(l.name));
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(names)).toEqual(new Set(['newsletter', 'free guide', 'affiliates', 'vip']));
    expect(lists.find((l) => fold(l.name) === 'newsletter')!.id).toBe(existing.list);

    const wanted = listsByEmail(contactsCsv());
    const rec = await (await api(`/api/v1/runs/${fullId}/reconciliation`)).json();
    expect(rec.quarantine.map((q: { line: number }) => q.line)).toEqual([15]);
    wanted.delete('not an email');
    for (const list of lists) {
      const expected = new Set([...wanted].filter(([, names]) => names.has(fold(list.name))).map(([email]) => email));
      if (list.id === existing.list) expected.add('already@subscribed.test');
      expect(await fs.memberEmails(list.id), list.name).toEqual(expected);
    }
    // Jennifer's duplicate row brought its lists to her one contact.
    const vip = lists.find((l) => fold(l.name) === 'vip')!;
    expect(await fs.memberEmails(vip.id)).toContain('jen.moss@example.com');

    const byObject = Object.fromEntries(rec.objects.map((o: { object: string }) => [o.object, o]));
    expect(byObject.list).toMatchObject({ sourceRows: 4, created: 3, skipped: 1, readBack: 3, missing: 0, ok: true });
    expect(byObject.list_member).toMatchObject({ quarantined: 0, missing: 0, ok: true });
    expect(byObject.list_member.created).toBe(byObject.list_member.sourceRows);
    expect(rec.mismatches).toEqual([]);
    expect(rec.ok).toBe(true);

    const row = run.summary.pairCard.find((r: { row: string }) => r.row === 'list');
    expect(row.outcome).toBe('migrated');
    expect(row.note).toMatch(new RegExp(`^3 lists, ${byObject.list_member.created} memberships`));
  }, 60_000);

  it('delta: a list name added to one contact makes that one list and one membership; no list is made twice', async () => {
    // Only the Lists cell of Łukasz Wójcik changes.
    const file = join(exports.dir, 'contacts.csv');
    writeFileSync(file, contactsCsv().replace('ul. Marszałkowska 10,Warszawa,Poland,2024-03-10 02:30:00,single-optin,webinar registered,Free Guide,', 'ul. Marszałkowska 10,Warszawa,Poland,2024-03-10 02:30:00,single-optin,webinar registered,Free Guide;Spring Promo,'));
    const before = await fs.lists();
    deltaId = await start('delta');
    const run = await waitForRun(server, scope.engineer, deltaId);
    expect(run.status, JSON.stringify(run.error)).toBe('completed');

    const after = await fs.lists();
    expect(after.length).toBe(before.length + 1);
    const promo = after.find((l) => fold(l.name) === 'spring promo')!;
    expect(await fs.memberEmails(promo.id)).toEqual(new Set(['lukasz.wojcik@example.pl']));
    const audit = (await (await api(`/api/v1/runs/${deltaId}/audit?perPage=1000`)).json()).entries as { entity: string; op: string }[];
    expect(audit.filter((e) => e.entity === 'lists')).toHaveLength(1);
    expect(audit.filter((e) => e.entity === 'list_members')).toHaveLength(1);
    const rec = await (await api(`/api/v1/runs/${deltaId}/reconciliation`)).json();
    expect(rec.ok).toBe(true);
  }, 60_000);

  it('rollback of the full run removes the lists the runs made and the members they added, and leaves the account’s own list as it was', async () => {
    expect((await rolledBack(server, scope.engineer, fullId)).problems).toEqual([]);
    expect((await (await api(`/api/v1/runs/${deltaId}/rollback`)).json()).ok).toBe(true);

    const lists = await fs.lists();
    expect(lists.map((l) => l.id)).toEqual([existing.list]);
    expect(await fs.memberEmails(existing.list)).toEqual(new Set(['already@subscribed.test']));
    const audit = (await (await api(`/api/v1/runs/${fullId}/audit?perPage=1000`)).json()).entries as { entity: string; undo: string }[];
    expect(audit.filter((e) => e.entity === 'lists' || e.entity === 'list_members').every((e) => e.undo === 'deleted')).toBe(true);
  }, 60_000);
});

describe('where the scope keeps lists in a multi-select contact field', () => {
  let scope: Awaited<ReturnType<typeof signedOffScope>>;
  let sandbox: RunningSandbox;
  let exports: ReturnType<typeof exportDir>;
  const choices = ['Free Guide', 'Newsletter', 'Affiliates', 'VIP'];
  /** The engineer's choice: the names as values of a multi-select field rather than lists. */
  const asField = (m: Mapping): Mapping => {
    const line = m.objects.find((o) => o.row === 'contact')!.fields.find((f) => f.column === 'Lists')!;
    Object.assign(line, { target: { kind: 'custom', label: 'Lists', name: 'cf_lists', type: 'multi_select_dropdown', choices }, confirmed: true });
    return m;
  };

  beforeAll(async () => {
    scope = await signedOffScope(server, 'kartra', { tag: 'list-field', settle: (m, q) => asField(answerAll(m, q)) });
    sandbox = await preparedSandbox(scope.setup);
    exports = exportDir('kartra');
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    exports?.remove();
  });

  it('the checklist names the field with its choices; the run fills it, makes no list, and the pair card says where the names went', async () => {
    expect(scope.setup.customFields).toContainEqual(expect.objectContaining({ label: 'Lists', type: 'multi_select_dropdown', choices: expect.arrayContaining(choices) }));
    const res = await server.call('/api/v1/runs', jsonInit('POST', startRunBody(scope.scopeId, exports.dir, sandbox, 'full'), scope.engineer));
    expect(res.status).toBe(201);
    const run = await waitForRun(server, scope.engineer, (await res.json()).id);
    expect(run.status, JSON.stringify(run.error)).toBe('completed');

    const fs = freshsales(sandbox);
    expect(await fs.lists()).toEqual([]);
    const view = await fs.call('GET', '/contacts/filters');
    const contacts = (await fs.call('GET', `/contacts/view/${view.filters[0].id}?per_page=100`)).contacts as { emails?: { value: string }[]; custom_field?: Record<string, unknown> }[];
    const zoe = contacts.find((c) => c.emails?.some((e) => e.value === 'zoe.angstrom@example.se'))!;
    expect(String(zoe.custom_field?.cf_lists).split(';').sort()).toEqual(['Free Guide', 'Newsletter']);

    const row = run.summary.pairCard.find((r: { row: string }) => r.row === 'list');
    expect(row.outcome).toBe('carried');
    expect(row.note).toMatch(/cf_lists/);
  }, 60_000);
});
