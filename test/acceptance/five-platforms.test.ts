import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeBase } from '../../rules/index.ts';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import type { FixtureTruth } from '../../src/runner/fixtures/index.ts';
import { cleanEnv, spawnFerry } from '../cli/helpers.ts';
import { generatedExports, signedOffGeneratedScope, type GeneratedExports } from '../helpers/generated.ts';
import { preparedSandbox, startRunBody, waitForRun, runToEnd } from '../helpers/runs.ts';
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';
import type { Mapping } from '../helpers/scoping.ts';

// The acceptance run of issue 6: each seed source, from exports `ferry fixtures generate` made (with its planted mess and
// the manifest that says where), through discovery, sign-off and a full run into a Freshsales sandbox, checked against
// the manifest's truth through the public API only.

const SCALE = 40;
const SEED = 6;

/** The column holding each people file's own creation time, and how the platform writes it. */
const CREATED: Record<string, { column: string; format: 'MM/DD/YYYY hh:mm A' | 'YYYY-MM-DD HH:mm' | 'DD/MM/YYYY HH:mm' | 'YYYY-MM-DD HH:mm:ss' }> = {
  soffront: { column: 'CreatedDate', format: 'MM/DD/YYYY hh:mm A' },
  profi: { column: 'Date added', format: 'YYYY-MM-DD HH:mm' },
  fasttrack: { column: 'Created', format: 'DD/MM/YYYY HH:mm' },
  promio: { column: 'Lead Date', format: 'MM/DD/YYYY hh:mm A' },
  kartra: { column: 'Date Joined', format: 'YYYY-MM-DD HH:mm:ss' },
};

type Rec = Record<string, any> & { id: number };
const ENTITY_OF_WRITE: Record<string, string> = { contact: 'contacts', sales_account: 'sales_accounts', deal: 'deals' };

/** The platform's export preset (every seed source has one). */
const exportChannel = (platform: string) => {
  const channels = knowledgeBase.platform(platform)!.channels;
  if (!('export' in channels) || !channels.export) throw new Error(`${platform} has no export channel`);
  return channels.export as { timeZone: string; multiValueSeparator: string };
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** The wall-clock time `y-m-d h:mi:s` in IANA zone `zone`, as epoch milliseconds (the earlier reading when ambiguous). */
function zonedInstant(zone: string, y: number, m: number, d: number, h: number, mi: number, s: number): number {
  const wall = Date.UTC(y, m - 1, d, h, mi, s);
  const offsetAt = (t: number) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(t)).map((p) => [p.type, p.value]));
    return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!) - t;
  };
  const first = wall - offsetAt(wall - 12 * 3600_000);
  return wall - offsetAt(first) === first ? first : wall - offsetAt(wall);
}

/** A source cell in `format` read in `zone`, as epoch milliseconds. */
function sourceInstant(cell: string, format: string, zone: string): number {
  const n = cell.match(/\d+/g)!.map(Number);
  const pm = /PM/i.test(cell);
  const [y, mo, d, h, mi, s] =
    format === 'MM/DD/YYYY hh:mm A' ? [n[2]!, n[0]!, n[1]!, (n[3]! % 12) + (pm ? 12 : 0), n[4]!, 0]
    : format === 'DD/MM/YYYY HH:mm' ? [n[2]!, n[1]!, n[0]!, n[3]!, n[4]!, 0]
    : [n[0]!, n[1]!, n[2]!, n[3]!, n[4]!, n[5] ?? 0];
  return zonedInstant(zone, y, mo, d, h, mi, s);
}

/** A minimal RFC 4180 reader: rows of cells with the line each row starts on. */
function readCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',') cells.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else cell += c;
  }
  if (cell || cells.length) cells.push(cell), rows.push({ line: start, cells });
  return rows;
}

/** Each generated file's rows by line, as header → cell records. */
function sourceRows(bytes: Uint8Array): Map<number, Record<string, string>> {
  const [header, ...body] = readCsv(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
  return new Map(body.map((r) => [r.line, Object.fromEntries(header!.cells.map((h, i) => [h, r.cells[i] ?? '']))]));
}

describe.each(['soffront', 'profi', 'fasttrack', 'promio', 'kartra'])('%s: a generated export migrated end to end', (platform) => {
  let exports: GeneratedExports;
  let truth: FixtureTruth;
  let scope: Awaited<ReturnType<typeof signedOffGeneratedScope>>;
  let sandbox: RunningSandbox;
  let run: Record<string, any>;
  let rec: Record<string, any>;
  let ledger: { object: string; entity: string; sourceKey: string; destinationId: string; op: string }[];
  let state: { records: Record<string, Record<string, Rec>>; users: { id: number; email: string }[] };
  const files = new Map<string, Map<number, Record<string, string>>>();
  const api = (path: string) => server.call(path, { token: scope.engineer });

  beforeAll(async () => {
    exports = generatedExports(platform, { scale: SCALE, seed: SEED });
    truth = exports.manifest.truth;
    const { generateFixtures } = await import('../../src/runner/fixtures/index.ts');
    for (const f of generateFixtures(platform, { scale: SCALE, seed: SEED }).files) if (f.name.endsWith('.csv')) files.set(f.name, sourceRows(f.bytes));
    scope = await signedOffGeneratedScope(server, platform, exports);
    sandbox = await preparedSandbox(scope.setup);
    run = await runToEnd(server, scope.engineer, startRunBody(scope.scopeId, exports.dir, sandbox, 'full', { options: { stepsDone: (knowledgeBase.source(platform)!.channels.export.manualSteps ?? []).map((s) => s.id) } }), 50_000);
    // Promio's export arrives days after it is asked for: the engineer ticks off the steps outside Ferry the run waits on.
    if (run.status === 'paused' && /steps outside Ferry/.test(run.error ?? '')) {
      for (const [, step] of (run.error as string).matchAll(/\(([a-z0-9-]+)\)/g)) {
        const done = await server.call(`/api/v1/runs/${run.id}/steps/${step}`, jsonInit('POST', { note: 'export delivered' }, scope.engineer));
        if (done.status !== 200) throw new Error(`step ${step}: ${done.status} ${await done.text()}`);
      }
      run = await waitForRun(server, scope.engineer, run.id, 50_000);
    }
    rec = await (await api(`/api/v1/runs/${run.id}/reconciliation`)).json();
    ledger = (await (await api(`/api/v1/runs/${run.id}/audit?perPage=1000`)).json()).entries ?? [];
    const dump = await (await fetch(`${sandbox.url}/_sandbox/state`)).json();
    state = { records: dump.records ?? {}, users: Object.values(dump.users ?? {}) as { id: number; email: string }[] };
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    exports?.remove();
  });

  /** The live destination record a source row was written to, found through the run's ledger by its source id. */
  const destinationOf = (entity: string, sourceId: string | null): Rec | undefined => {
    if (!sourceId) return undefined;
    const entry = ledger.find((l) => l.entity === entity && (l.sourceKey === sourceId || l.sourceKey.toLowerCase() === sourceId.toLowerCase()));
    return entry ? state.records[entity]?.[entry.destinationId] : undefined;
  };
  const peopleFile = () => Object.entries(exports.manifest.files).find(([, o]) => o === truth.people)![0];
  const idOf = (file: string, row: Record<string, string>) => {
    const col = truth.references.find((r) => r.target === file && /id/i.test(r.targetColumn))?.targetColumn ?? Object.keys(row).find((h) => /\bid$/i.test(h) || /^(lead|contact|client|customer)\s?id$/i.test(h));
    return col ? row[col] ?? null : null;
  };
  const writesToOf = (sourceObject: string) => knowledgeBase.pair(platform, 'freshsales')!.rows.filter((r) => r.source.object === sourceObject && r.writesTo).map((r) => r.writesTo!);
  const pairRowsOf = (sourceObject: string) => knowledgeBase.pair(platform, 'freshsales')!.rows.filter((r) => r.source.object === sourceObject).map((r) => r.id);

  it('discovery recognises every generated export file as the object the manifest names', () => {
    const got = Object.fromEntries(scope.discovery.discovery.files.map((f: { name: string; object: string }) => [f.name, f.object]));
    expect(got).toEqual(exports.manifest.files);
  });

  it('the setup checklist names each dropdown field and each user once', () => {
    const fields = scope.setup.choices.map((c) => c.field);
    const users = scope.setup.users.map((u) => u.email.toLowerCase());
    expect(fields.filter((f, i) => fields.indexOf(f) !== i)).toEqual([]);
    expect(users.filter((u, i) => users.indexOf(u) !== i)).toEqual([]);
  });

  it("the proposed map puts each standard column on the manifest's standard field", () => {
    const wrong: string[] = [];
    for (const e of exports.manifest.standardFields) {
      const line = (scope.proposed.objects as (Mapping['objects'][number] & { files: string[] })[])
        .filter((o) => o.files.includes(e.file))
        .flatMap((o) => o.fields.filter((f) => f.column === e.header).map((f) => ({ o, f })))[0];
      const got = line && `${line.o.destinationObject}.${line.f.target.field ?? line.f.target.kind}`;
      if (got !== `${e.object}.${e.field}`) wrong.push(`${e.file} "${e.header}": expected ${e.object}.${e.field}, got ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the full run completes and reconciles green', () => {
    expect(run.status, `${run.error} ${JSON.stringify(run.progress)}`).toBe('completed');
    expect(rec.mismatches?.slice(0, 5)).toEqual([]);
    expect(rec.objects?.filter((o: any) => !o.ok).map((o: any) => o.object)).toEqual([]);
    expect(rec.ok).toBe(true);
  });

  it('per object: rows as the truth counts them, duplicates merged, nothing lost', () => {
    const problems: string[] = [];
    for (const [object, t] of Object.entries(truth.objects)) {
      if (!t.file) continue;
      const runObjects = (rec.objects ?? []).filter((o: any) => pairRowsOf(object).includes(o.object) || o.object === object);
      // Inventoried rows and rows that only configure the account (stages, users) write no records to count.
      const recordRows = knowledgeBase.pair(platform, 'freshsales')!.rows.filter((r) => r.source.object === object && r.handling === 'migrate' && r.writesTo);
      if (!runObjects.length && !recordRows.length) continue;
      if (!runObjects.length) {
        problems.push(`${object} (${t.file}): no object in the reconciliation`);
        continue;
      }
      for (const o of runObjects) {
        if (o.sourceRows !== t.rows) problems.push(`${o.object}: ${o.sourceRows} source rows, the truth says ${t.rows}`);
        // Duplicates of one pair-card row only (two Promio customers naming one business are one account, two contacts),
        // plus rows carried onto the record they name (reviews and calls write no record of their own).
        const merged =
          truth.duplicates.filter((d) => d.object === object && (d.row ?? o.object) === o.object).reduce((n, d) => n + d.merged.length, 0) +
          (truth.enrichments ?? []).filter((e) => e.object === object).reduce((n, e) => n + e.rows.length, 0);
        if (o.merged !== merged) problems.push(`${o.object}: ${o.merged} merged, the truth says ${merged}`);
        const total = o.created + o.updated + o.quarantined + o.merged + o.skipped + o.conflicts;
        const writesTo = knowledgeBase.pair(platform, 'freshsales')!.rows.find((r) => r.id === o.object)?.writesTo;
        if (writesTo === null && o.created > 0) problems.push(`${o.object}: the pair card writes no record of its own for it, yet ${o.created} ${o.entity} were created`);
        if (total !== o.sourceRows) problems.push(`${o.object}: created+updated+quarantined+merged+skipped+conflicts = ${total} ≠ ${o.sourceRows} rows`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("the truth's quarantined rows are in the quarantine list by file and line, with a reason", () => {
    const listed = new Set((rec.quarantine ?? []).map((q: any) => `${q.file}:${q.line}`));
    const missing = truth.quarantine.filter((q) => !listed.has(`${q.file}:${q.line}`)).map((q) => `${q.file}:${q.line} (${q.reason}: ${q.detail})`);
    expect(missing).toEqual([]);
    for (const q of rec.quarantine ?? []) expect(q.reason.length, `${q.file}:${q.line}`).toBeGreaterThan(10);
  });

  it('nothing outside the truth is quarantined: the rest of the planted mess loads', () => {
    const planted = new Set(truth.quarantine.map((q) => `${q.file}:${q.line}`));
    const extra = (rec.quarantine ?? []).filter((q: any) => !planted.has(`${q.file}:${q.line}`)).map((q: any) => `${q.file}:${q.line} ${q.object}: ${q.reason}`);
    expect(extra).toEqual([]);
  });

  it('relationships: contacts carry their account, deals their account and contacts', () => {
    const problems: string[] = [];
    let checked = 0;
    let eligible = 0;
    for (const ref of truth.references) {
      const fromEntity = ENTITY_OF_WRITE[writesToOf(exports.manifest.files[ref.file]!)[0] ?? ''];
      // A source object feeding two records (Promio's customer: a contact and an account) may be linked as either.
      const toEntities = writesToOf(exports.manifest.files[ref.target]!).map((w) => ENTITY_OF_WRITE[w]).filter((e): e is string => e === 'contacts' || e === 'sales_accounts');
      if (!fromEntity || !['contacts', 'deals'].includes(fromEntity) || !toEntities.length || ref.file === ref.target) continue;
      const targets = files.get(ref.target)!;
      let spot = 0;
      for (const [line, row] of files.get(ref.file)!) {
        if (spot >= 3) break;
        const value = (ref.separator ? row[ref.column]!.split(ref.separator.trim()) : [row[ref.column]!]).map((v) => v.trim()).filter(Boolean)[0];
        if (!value || truth.orphans.some((o) => o.file === ref.file && o.line === line)) continue;
        const target = [...targets.values()].find((t) => t[ref.targetColumn]!.trim().toLowerCase() === value.toLowerCase());
        if (target) eligible++;
        const from = destinationOf(fromEntity, idOf(ref.file, row));
        const to = target && toEntities.map((e) => ({ e, r: destinationOf(e, idOf(ref.target, target)) })).filter((x) => x.r);
        if (!from || !to?.length) continue;
        spot++;
        checked++;
        const links = to.some(({ e, r }) =>
          e === 'sales_accounts'
            ? from.sales_account_id === r!.id || (from.sales_accounts ?? []).some((a: any) => a.id === r!.id)
            : (from.contact_ids ?? []).includes(r!.id) || (from.contacts ?? []).some((c: any) => c.id === r!.id));
        const toEntity = to.map((x) => `${x.e} ${x.r!.id}`).join(' or ');
        if (!links) problems.push(`${ref.file}:${line} ${ref.column}=${value}: ${fromEntity} ${from.id} does not link ${toEntity}`);
      }
    }
    // Every source row that names a record the export holds should have loaded with that link (Promio's few campaign
    // rows name no loaded customer, so it may have none to check).
    if (eligible) expect(checked, 'no loaded record with a link to spot-check').toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('contacts that name no company go under the catch-all account the pair card names', () => {
    const rows = knowledgeBase.pair(platform, 'freshsales')!.rows.filter((r) => r.catchAllAccount);
    const problems: string[] = [];
    let checked = 0;
    for (const row of rows) {
      const file = Object.entries(exports.manifest.files).find(([, o]) => o === row.source.object)![0];
      const companyColumns = truth.references.filter((r) => r.file === file && exports.manifest.files[r.target] !== row.source.object).map((r) => r.column);
      const catchAll = Object.values(state.records.sales_accounts ?? {}).find((a) => a.name === scope.mapping.objects.find((o) => o.row === row.id)?.catchAllAccount);
      for (const [line, cells] of files.get(file)!) {
        if (companyColumns.some((c) => cells[c]?.trim())) continue;
        const contact = destinationOf('contacts', idOf(file, cells));
        if (!contact) continue;
        checked++;
        const accounts = [contact.sales_account_id, ...(contact.sales_accounts ?? []).map((a: any) => a.id)];
        if (!catchAll || !accounts.includes(catchAll.id)) problems.push(`${file}:${line}: contact ${contact.id} is under ${JSON.stringify(accounts)}, not the catch-all account ${catchAll?.id}`);
      }
    }
    if (rows.length) expect(checked, 'no contact without a company to check').toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('owners: known owners carry their user id, unknown owners the fallback owner', () => {
    const userId = (email: string) => state.users.find((u) => u.email.toLowerCase() === email.toLowerCase())?.id;
    const fallback = userId('ops@acme.test');
    expect(fallback, 'the fallback owner is a user of the account').toBeDefined();
    const file = peopleFile();
    const people = pairRowsOf(truth.people);
    const entity = ledger.find((l) => people.includes(l.object))?.entity ?? 'contacts';
    const ownerColumn = truth.unknownOwners.find((u) => u.file === file)?.column;
    expect(ownerColumn).toBeDefined();
    const byName = Object.fromEntries(Object.entries(truth.ownerNames).map(([email, name]) => [name.toLowerCase(), email]));
    const problems: string[] = [];
    for (const [line, row] of files.get(file)!) {
      const record = destinationOf(entity, idOf(file, row) ?? null);
      if (!record) continue;
      const cell = row[ownerColumn!]!.split(',')[0]!.trim();
      if (!cell) continue;
      const unknown = truth.unknownOwners.some((u) => u.file === file && u.line === line);
      const email = byName[cell.toLowerCase()] ?? cell;
      const want = unknown ? fallback : userId(email);
      if (record.owner_id !== want) problems.push(`${file}:${line} owner "${cell}": owner_id ${record.owner_id}, expected ${want}${unknown ? ' (fallback)' : ''}`);
    }
    expect(problems).toEqual([]);
  });

  it("timestamps: the source's creation time, read in the platform's zone, is kept on the record", () => {
    const { column, format } = CREATED[platform]!;
    const zone = exportChannel(platform).timeZone;
    const file = peopleFile();
    const people = knowledgeBase.pair(platform, 'freshsales')!.rows.find((r) => r.source.object === truth.people)!.id;
    const field = scope.mapping.objects.find((o) => o.row === people)!.fields.find((f) => f.column === column);
    const entity = ledger.find((l) => l.object === people)?.entity ?? 'contacts';
    const problems: string[] = [];
    let checked = 0;
    for (const [line, row] of files.get(file)!) {
      const cell = row[column]!;
      const record = destinationOf(entity, idOf(file, row));
      if (!record || !cell || truth.mess.dst_ambiguous?.some((m) => m.line === line && m.file === file) || truth.mess.dst_nonexistent?.some((m) => m.line === line && m.file === file)) continue;
      const custom = record.custom_field ?? {};
      const target = field?.target;
      const stored = custom.cf_ferry_source_created_at ?? (target?.kind === 'custom' ? Object.entries(custom).find(([k]) => k.endsWith(String(target.name ?? '').toLowerCase().replace(/\W+/g, '_')))?.[1] : target?.kind === 'standard' ? record[target.field!] : undefined);
      checked++;
      const want = sourceInstant(cell, format, zone);
      if (typeof stored !== 'string' || Date.parse(stored) !== want) problems.push(`${file}:${line} ${column}="${cell}" (${zone}): stored ${JSON.stringify(stored)}, expected ${new Date(want).toISOString()} (target ${JSON.stringify(target)})`);
      if (problems.length > 4) break;
    }
    expect(checked).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('tags are split, trimmed and deduplicated; formula-looking cells are stored literally', () => {
    const file = peopleFile();
    const people = pairRowsOf(truth.people);
    const tagField = scope.mapping.objects.filter((o) => people.includes(o.row)).flatMap((o) => o.fields).find((f) => f.target.kind === 'standard' && f.target.field === 'tags');
    const entity = ledger.find((l) => people.includes(l.object))?.entity ?? 'contacts';
    const problems: string[] = [];
    if (tagField) {
      const separator = exportChannel(platform).multiValueSeparator;
      for (const [line, row] of files.get(file)!) {
        const record = destinationOf(entity, idOf(file, row));
        const cell = row[tagField.column]!;
        if (!record || !cell.trim()) continue;
        const want = [...new Set(cell.split(separator).map((t) => t.trim()).filter(Boolean))].sort();
        const got = [...(record.tags ?? [])].sort();
        if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${file}:${line} ${tagField.column}="${cell}": tags ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      }
    }
    for (const m of (truth.mess.formula ?? []).filter((f) => !truth.quarantine.some((q) => q.file === f.file && q.line === f.line))) {
      const sourceObject = exports.manifest.files[m.file]!;
      const entities = new Set(ledger.filter((l) => pairRowsOf(sourceObject).includes(l.object)).map((l) => l.entity));
      const records = [...entities].map((e) => destinationOf(e, m.id)).filter(Boolean) as Rec[];
      if (!records.length) {
        problems.push(`${m.file}:${m.line} formula ${m.column}=${m.value}: no destination record for ${m.id}`);
        continue;
      }
      const values = records.flatMap((r) => Object.values({ ...r, ...(r.custom_field ?? {}) }).filter((v): v is string => typeof v === 'string'));
      if (!values.some((v) => v === m.value || v.includes(m.value))) problems.push(`${m.file}:${m.line} formula ${m.column}=${m.value}: not stored literally (${JSON.stringify(values.filter((v) => v.includes(m.value.slice(1))))})`);
    }
    expect(problems).toEqual([]);
  });

  it('the summary names every pair-card row and not-migrated item, none left unwritten, and the calls match the estimate', async () => {
    const pair = knowledgeBase.pair(platform, 'freshsales')!;
    expect(run.summary.pairCard.map((r: any) => r.row)).toEqual([...pair.rows.map((r) => r.id), ...pair.notMigrated.map((i) => i.id)]);
    expect(run.summary.pairCard.filter((r: any) => r.outcome === 'not_written').map((r: any) => `${r.row}: ${r.note ?? r.reason ?? ''}`)).toEqual([]);
    expect(run.summary.calls.withinTolerance, run.summary.calls.note).toBe(true);
    const r = await spawnFerry(['run', 'status', run.id], cleanEnv({ FERRY_URL: server.url, FERRY_TOKEN: scope.engineer, FRESHSALES_API_KEY: sandbox.apiKey }));
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^API calls: [\d,]+ made, [\d,]+ estimated/m);
  });
});
