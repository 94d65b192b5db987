import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { generatedExports, signedOffGeneratedScope, type GeneratedExports } from '../helpers/generated.ts';
import { preparedSandbox, startRunBody, rolledBack, runToEnd } from '../helpers/runs.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Soffront projects have no home in Freshsales: the pair card inventories them. A run hands every row of Projects.csv
// over whole in its inventory CSV and leaves a note summarising each project on the deal it delivers (or, naming no
// deal that loaded, on its account); a project naming nothing that loaded keeps its row in the CSV and gets no note.

type Rec = Record<string, any> & { id: number };

const HEADER = ['ProjectID', 'Project Name', 'Status', 'Project Manager', 'StartDate', 'DueDate', 'Milestones', 'Resources', 'AccountID', 'DealID'];
const csvLine = (cells: string[]) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

let server: TestServer;
let sandbox: RunningSandbox;
let exports: GeneratedExports;
let scope: Awaited<ReturnType<typeof signedOffGeneratedScope>>;
let run: Record<string, any>;
let rec: Record<string, any>;
let ledger: { object: string; entity: string; sourceKey: string; destinationId: string }[];
/** Every project row of the export, by its id. */
let projects: Map<string, Record<string, string>>;
const api = (path: string, init?: RequestInit) => server.call(path, { ...init, token: scope.engineer });
const records = async (collection: string): Promise<Rec[]> => Object.values(((await (await fetch(`${sandbox.url}/_sandbox/state`)).json()).records?.[collection] ?? {}) as Record<string, Rec>);
const written = (object: string, sourceKey: string) => ledger.find((l) => l.object === object && l.sourceKey === sourceKey)?.destinationId;

beforeAll(async () => {
  server = await startTestServer();
  // Small enough that the run and its rollback fit in the plan's per-minute budget.
  exports = generatedExports('soffront', { scale: 20, seed: 6 });
  const file = join(exports.dir, 'Projects.csv');
  const generated = parse(readFileSync(file, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
  const withAccount = generated.find((r) => r.AccountID)!;
  // Beside the generated projects (each naming a deal, most also its account): one naming only an account, one naming nothing,
  // one naming a deal the export does not hold. The first has a name a spreadsheet would run as a formula.
  const extra = [
    { ProjectID: 'P-900', 'Project Name': '=HYPERLINK("http://x.test","Site survey")', Status: 'On Hold', 'Project Manager': 'Dana Whitfield', StartDate: '03/01/2024', DueDate: '06/30/2024', Milestones: 'Survey; Report, draft; Report, final', Resources: 'Dana Whitfield;Kaito Sato', AccountID: withAccount.AccountID!, DealID: '' },
    { ProjectID: 'P-901', 'Project Name': 'Internal tooling', Status: 'Planned', 'Project Manager': 'Priya Raman', StartDate: '01/15/2024', DueDate: '02/15/2024', Milestones: 'Kickoff', Resources: 'Priya Raman', AccountID: '', DealID: '' },
    { ProjectID: 'P-902', 'Project Name': 'Rollout: lost deal', Status: 'Completed', 'Project Manager': 'Marcus Oyelaran', StartDate: '05/01/2023', DueDate: '07/01/2023', Milestones: 'Kickoff; Sign-off', Resources: 'Marcus Oyelaran', AccountID: '', DealID: 'O-99999' },
  ];
  const rows: Record<string, string>[] = [...generated, ...extra];
  writeFileSync(file, [csvLine(HEADER), ...rows.map((r) => csvLine(HEADER.map((h) => r[h] ?? '')))].join('\r\n') + '\r\n');
  projects = new Map(rows.map((r) => [r.ProjectID!, r]));
  scope = await signedOffGeneratedScope(server, 'soffront', exports);
  sandbox = await preparedSandbox(scope.setup);
  run = await runToEnd(server, scope.engineer, startRunBody(scope.scopeId, exports.dir, sandbox, 'full'), 50_000);
  rec = await (await api(`/api/v1/runs/${run.id}/reconciliation`)).json();
  ledger = (await (await api(`/api/v1/runs/${run.id}/audit?perPage=1000`)).json()).entries;
}, 60_000);
afterAll(async () => {
  await sandbox?.stop();
  await server?.stop();
  exports?.remove();
});

describe('inventoried Soffront projects', () => {
  it('are proposed as notes: every column a labelled line under a title line, hung off the deal before the account', () => {
    const project = scope.proposed.objects.find((o) => o.row === 'project')!;
    expect(project.destinationObject).toBe('note');
    const lines = project.fields.filter((f) => f.target.kind === 'append').map((f) => f.column);
    expect(lines).toEqual(['ProjectID', 'Project Name', 'Status', 'Project Manager', 'StartDate', 'DueDate', 'Milestones', 'Resources']);
    expect((project as { fixed?: { field: string; value: string }[] }).fixed).toEqual([expect.objectContaining({ field: 'description', value: expect.stringMatching(/^Soffront CRM project: a summary/) })]);
    const links = scope.proposed.relationships.filter((r) => r.from.row === 'project').map((r) => [r.to.row, r.from.column]);
    expect(links).toEqual([['deal', 'DealID'], ['account', 'AccountID']]);
  });

  it('leave a note with the project summary on the deal each names, or on its account when it names no deal', async () => {
    expect(run.status, run.error).toBe('completed');
    const object = (rec.objects as any[]).find((o) => o.object === 'project');
    expect(object).toMatchObject({ sourceRows: projects.size, created: projects.size - 2, skipped: 2, quarantined: 0, readBack: projects.size - 2, hashMismatched: 0, ok: true });
    const notes = await records('notes');
    for (const [id, p] of projects) {
      const noteId = written('project', id);
      if (id === 'P-901' || id === 'P-902') {
        expect(noteId, id).toBeUndefined();
        continue;
      }
      const note = notes.find((n) => String(n.id) === noteId)!;
      const [type, parent] = p.DealID ? ['Deal', written('deal', p.DealID)] : ['SalesAccount', written('account', p.AccountID!)];
      expect(parent, `${id}: its ${type} was loaded`).toBeDefined();
      expect([note.targetable_type, String(note.targetable_id)], id).toEqual([type, parent]);
      expect(note.description.split('\n')).toEqual([
        expect.stringMatching(/^Soffront CRM project: a summary/),
        `ProjectID: ${id}`,
        `Project Name: ${p['Project Name']}`,
        `Status: ${p.Status}`,
        `Project Manager: ${p['Project Manager']}`,
        `StartDate: ${p.StartDate}`,
        `DueDate: ${p.DueDate}`,
        `Milestones: ${p.Milestones}`,
        `Resources: ${p.Resources}`,
        `Ferry source id: project:${id}`,
      ]);
    }
  });

  it('a project naming nothing that loaded gets no note, is not quarantined, and says why', async () => {
    expect((rec.quarantine as any[]).filter((q) => q.object === 'project')).toEqual([]);
    const body = await (await api(`/api/v1/runs/${run.id}/inventory`)).json();
    const rows = new Map((body.objects[0].rows as any[]).map((r) => [r.sourceKey, r]));
    expect(rows.get('P-901')).toMatchObject({ status: 'skipped', note: null, reason: expect.stringMatching(/no note in Freshsales .*inventory\.csv/) });
    expect(rows.get('P-902')).toMatchObject({ status: 'skipped', note: null, reason: expect.stringContaining('O-99999') });
    const card = (run.summary.pairCard as any[]).find((r) => r.row === 'project');
    expect(card).toMatchObject({ outcome: 'inventoried', rows: projects.size, written: projects.size - 2 });
    expect(card.note).toBe(`${projects.size} rows in the inventory CSV (inventory.csv), ${projects.size - 2} notes on linked records, 2 without a new note (the CSV gives the reason for each)`);
    // The estimate counts a note per project, one call each, as the run writes them.
    expect(run.summary.calls.predicted.lines).toContainEqual({ phase: 'load', object: 'project → note', records: projects.size, per: 'record', calls: projects.size });
  });

  it('hand every project row over in inventory.csv, each column as exported, with the record its note went to', async () => {
    const res = await api(`/api/v1/runs/${run.id}/inventory.csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await res.text();
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['inventory', 'source_file', 'source_line', ...HEADER, 'note_on', 'note_on_id', 'note_id', 'ferry_status', 'ferry_reason']);
    expect(rows.map((r) => r.ProjectID).sort()).toEqual([...projects.keys()].sort());
    for (const r of rows) {
      const p = projects.get(r.ProjectID!)!;
      // A formula-looking cell is kept as text, with the apostrophe a spreadsheet reads as "this is text".
      for (const h of HEADER) expect(r[h], `${r.ProjectID} ${h}`).toBe(p[h]!.startsWith('=') ? `'${p[h]}` : p[h]);
      expect(r.note_id).toBe(written('project', r.ProjectID!) ?? '');
      if (r.note_id) {
        const [object, key] = p.DealID ? ['deal', p.DealID] : ['account', p.AccountID!];
        expect([r.note_on, r.note_on_id]).toEqual([`${object === 'deal' ? 'Deal' : 'Account'} ${key}`, written(object, key)]);
      } else expect([r.note_on, r.ferry_status]).toEqual(['', 'skipped']);
    }
    expect(text).toContain('"Survey; Report, draft; Report, final"');
    const pdf = await api(`/api/v1/runs/${run.id}/inventory.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('a rollback deletes the notes', async () => {
    const ids = [...projects.keys()].flatMap((id) => written('project', id) ?? []);
    expect(ids.length).toBe(projects.size - 2);
    expect((await rolledBack(server, scope.engineer, run.id, 50_000)).problems).toEqual([]);
    const left = (await records('notes')).filter((n) => ids.includes(String(n.id)) && !n.is_deleted);
    expect(left).toEqual([]);
  }, 60_000);
});
