import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { generateFixtures } from '../../src/runner/fixtures/index.ts';
import { signedOffGeneratedScope, type GeneratedExports } from '../helpers/generated.ts';
import { preparedSandbox, startRunBody, rolledBack, runToEnd } from '../helpers/runs.ts';
import { uploadForm } from '../helpers/scoping.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { unzip } from './documents-unzip.ts';

// A Soffront export with its attachments folder, run end to end into the sandbox: files are uploaded onto the
// records they name (after the size check), knowledge-base articles become the run's document package, and a
// rollback takes both back.

type Rec = Record<string, any> & { id: number };

/** Articles as a customer's export holds them: rich text with quotes and line breaks, nested categories, one tied to a ticket. */
const articles = (ticketId: string) =>
  [
    'ArticleID,Title,Content,Category Name,TicketTypes,Status,Visibility,Author,ModifiedDate,TicketID',
    `KB-100,Resetting the pump controller,"<h1>Steps</h1>\n<p>Hold the reset button, then ""confirm"".</p>",Hardware > Pumps,Hardware;Warranty,Published,Public,Dana Whitfield,03/02/2024 10:15 AM,${ticketId}`,
    'KB-101,Reading your invoice,"Plain text, kept as written:\n  1. the total\n  2. the <due> date",Billing,Billing,Draft,Internal,Priya Raman,01/15/2023 04:40 PM,',
    'KB-102,Warranty terms,<p>Two years.</p>,,Warranty,Published,Public,Kaito Sato,11/30/2022 09:00 AM,',
  ].join('\n') + '\n';

let server: TestServer;
let sandbox: RunningSandbox;
let exports: GeneratedExports;
let scope: Awaited<ReturnType<typeof signedOffGeneratedScope>>;
let run: Record<string, any>;
let rec: Record<string, any>;
let ledger: { object: string; entity: string; sourceKey: string; destinationId: string }[];
// Small enough that the run and its rollback fit in one minute of the plan's per-minute budget.
const set = generateFixtures('soffront', { scale: 20, seed: 6 });
const truth = set.manifest.truth;
const orphanIds = new Set(truth.quarantine.filter((q) => q.file === 'Attachments.csv').map((q) => q.id));
/** The ticket the first article is tied to (tickets load as deals). */
const TICKET = 'T-80';
/** One file whose row would load, left out of the folder. */
const missing = set.attachments!.find((f) => !orphanIds.has(f.name.split('/')[1]!))!;
const api = (path: string, init?: RequestInit) => server.call(path, { ...init, token: scope.engineer });
const records = async (collection: string): Promise<Rec[]> => Object.values(((await (await fetch(`${sandbox.url}/_sandbox/state`)).json()).records?.[collection] ?? {}) as Record<string, Rec>);

beforeAll(async () => {
  server = await startTestServer();
  const root = mkdtempSync(join(tmpdir(), 'ferry-documents-run-'));
  const dir = join(root, 'exports');
  mkdirSync(dir);
  for (const f of set.files.filter((x) => x.name !== 'expected.json' && x.name !== set.manifest.workflows)) writeFileSync(join(dir, f.name), f.name === 'KnowledgeBase.csv' ? articles(TICKET) : f.bytes);
  const manifest = structuredClone(set.manifest);
  manifest.truth.references.push({ file: 'KnowledgeBase.csv', column: 'TicketID', target: 'Tickets.csv', targetColumn: 'TicketID' });
  const workflows = set.files.find((f) => f.name === set.manifest.workflows)!;
  exports = {
    dir,
    manifest,
    upload: () => uploadForm([...readdirSync(dir).map((name) => ({ name, bytes: readFileSync(join(dir, name)) })), { name: workflows.name, bytes: workflows.bytes, part: 'workflows' }]),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  scope = await signedOffGeneratedScope(server, 'soffront', exports);
  // The files arrive beside the export after discovery, which reads tables only; one of them never arrived.
  for (const f of set.attachments!.filter((x) => x !== missing)) {
    mkdirSync(dirname(join(dir, f.name)), { recursive: true });
    writeFileSync(join(dir, f.name), f.bytes);
  }
  sandbox = await preparedSandbox(scope.setup);
  run = await runToEnd(server, scope.engineer, startRunBody(scope.scopeId, dir, sandbox, 'full'), 50_000);
  rec = await (await api(`/api/v1/runs/${run.id}/reconciliation`)).json();
  ledger = (await (await api(`/api/v1/runs/${run.id}/audit?perPage=1000`)).json()).entries;
}, 60_000);
afterAll(async () => {
  await sandbox?.stop();
  await server?.stop();
  exports?.remove();
});

describe('attachments and knowledge-base articles of a Soffront export', () => {
  it('completes and reconciles the files: names and sizes read back as uploaded, articles as packaged', () => {
    expect(run.status, run.error).toBe('completed');
    const objects = Object.fromEntries((rec.objects as any[]).map((o) => [o.object, o]));
    expect(objects.attachment).toMatchObject({ sourceRows: truth.objects.attachment!.rows, ok: true, hashMismatched: 0 });
    expect(objects.attachment.created).toBeGreaterThan(0);
    expect(objects.attachment.created).toBe(objects.attachment.readBack);
    expect(objects.kb_article).toMatchObject({ sourceRows: 3, created: 3, readBack: 3, hashMatched: 3, quarantined: 0, ok: true });
    const card = Object.fromEntries((run.summary.pairCard as any[]).map((r) => [r.row, r]));
    expect(card.attachment.outcome).toBe('migrated');
    expect(card.kb_article.outcome).toBe('migrated');
    expect(card.kb_article.note).toMatch(/3 written to the document package "Knowledge base".*1 notes/);
  });

  it('uploads each file onto the record its row names, with its name, type and real size', async () => {
    const docs = await records('documents');
    const uploaded = ledger.filter((l) => l.entity === 'documents');
    expect(docs.length).toBe(uploaded.length);
    expect(uploaded.length).toBe(set.attachments!.length - 1 - truth.quarantine.filter((q) => q.file === 'Attachments.csv' && q.reason === 'orphan_parent').length);
    const collections: Record<string, string> = { Contact: 'contacts', SalesAccount: 'sales_accounts', Deal: 'deals' };
    for (const l of uploaded) {
      const doc = docs.find((d) => String(d.id) === l.destinationId)!;
      const file = set.attachments!.find((f) => f.name.split('/')[1] === l.sourceKey)!;
      expect(doc.name).toBe(file.name.split('/')[2]);
      expect(doc.file_size).toBe(file.bytes.length);
      expect(doc.content_type).toMatch(/^(application|image)\//);
      // The parent is a record this run wrote.
      const parent = ledger.find((x) => x.destinationId === String(doc.targetable_id) && x.entity === collections[doc.targetable_type]);
      expect(parent, `${l.sourceKey} → ${doc.targetable_type} ${doc.targetable_id}`).toBeDefined();
    }
  });

  it('quarantines the oversized file on its listed size, the orphan, and the file missing from the folder, each saying what to do', () => {
    const q = (rec.quarantine as any[]).filter((x) => x.object === 'attachment');
    for (const t of truth.quarantine.filter((x) => x.file === 'Attachments.csv')) {
      const row = q.find((x) => x.line === t.line);
      expect(row, `${t.file}:${t.line}`).toBeDefined();
      if (t.reason === 'oversize') expect(row.reason).toMatch(/is 180\.0 MB by column FileSize, over the 150 MB a file may have on the Freshsales Pro plan: compress or split it/);
      else expect(row.reason).toMatch(/names no loaded .* to attach this file to|is not a record type the scope attaches files to/);
    }
    const id = missing.name.split('/')[1];
    const lost = q.find((x) => x.sourceKey === id);
    expect(lost.reason).toContain(`looked for "${missing.name}"`);
    expect(lost.reason).toMatch(/put the file there/);
    expect(q.length).toBe(truth.quarantine.filter((x) => x.file === 'Attachments.csv').length + 1);
  });

  it('files the articles by category in a package to download, each kept literally, and notes the ticket one is tied to', async () => {
    const body = await (await api(`/api/v1/runs/${run.id}/document_package`)).json();
    const [pkg] = body.packages;
    expect(pkg.title).toBe('Knowledge base');
    expect(pkg.articles.map((a: any) => [a.path, a.categories])).toEqual([
      ['Knowledge base/Hardware/Pumps/KB-100 Resetting the pump controller.html', ['Hardware', 'Pumps']],
      ['Knowledge base/Billing/KB-101 Reading your invoice.html', ['Billing']],
      ['Knowledge base/Uncategorised/KB-102 Warranty terms.html', []],
    ]);
    expect(pkg.articles[0].details).toEqual(expect.arrayContaining([{ label: 'Status', value: 'Published' }, { label: 'Visibility', value: 'Public' }, { label: 'Author', value: 'Dana Whitfield' }, { label: 'Linked ticket types', value: 'Hardware;Warranty' }]));

    const zip = await api(`/api/v1/runs/${run.id}/document_package.zip`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const files = unzip(new Uint8Array(await zip.arrayBuffer()));
    expect([...files.keys()].sort()).toEqual(['Knowledge base/index.html', ...pkg.articles.map((a: any) => a.path)].sort());
    const page = (path: string) => new TextDecoder().decode(files.get(path));
    expect(page(pkg.articles[0].path)).toContain('<h1>Steps</h1>\n<p>Hold the reset button, then "confirm".</p>');
    expect(page(pkg.articles[1].path)).toContain('<pre>Plain text, kept as written:\n  1. the total\n  2. the &lt;due&gt; date</pre>');
    expect((await api(`/api/v1/runs/${run.id}/document_package.pdf`)).headers.get('content-type')).toBe('application/pdf');

    // The article the export ties to a ticket leaves a note on the ticket's deal, naming where the package keeps it.
    const deal = ledger.find((l) => l.object === 'ticket' && l.sourceKey === TICKET)!;
    expect(pkg.articles[0].notedOn).toEqual([{ object: 'ticket', sourceKey: TICKET, entity: 'deals', id: deal.destinationId }]);
    const notes = (await records('notes')).filter((n) => String(n.targetable_id) === deal.destinationId && n.targetable_type === 'Deal');
    expect(notes.map((n) => n.description)).toEqual([expect.stringContaining('the run\'s document package holds it as Knowledge base/Hardware/Pumps/KB-100 Resetting the pump controller.html')]);
    expect(pkg.articles[1].notedOn).toEqual([]);
  });

  it('a rollback deletes the uploaded documents and the note, and withdraws the package', async () => {
    expect((await rolledBack(server, scope.engineer, run.id, 50_000)).problems).toEqual([]);
    expect((await records('documents')).filter((d) => !d.is_deleted)).toEqual([]);
    expect((await records('notes')).filter((n) => /document package/.test(String(n.description)) && !n.is_deleted)).toEqual([]);
    expect((await api(`/api/v1/runs/${run.id}/document_package.zip`)).status).toBe(409);
  }, 60_000);
});
