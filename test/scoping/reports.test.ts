import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPages, pdfRawText, pdfText } from '../helpers/pdf.ts';
import { expectEnvelope, startTestServer, type TestServer } from '../helpers/server.ts';
import { createScope, discover, fixtureUpload, PLATFORMS, tokenFor } from '../helpers/scoping.ts';

let server: TestServer;
let engineer: string;
let sales: string;
beforeAll(async () => {
  server = await startTestServer();
  sales = await tokenFor(server, 'sales');
  engineer = await tokenFor(server, 'engineer');
});
afterAll(() => server.stop());

/** pdftotext lays tables out in columns and wraps cells; compare on single-spaced text. */
const flat = (s: string) => s.replace(/\s+/g, ' ');
/** Narrow cells break long words (API names) across lines; compare those with all whitespace removed. */
const squash = (s: string) => s.replace(/\s+/g, '');

async function pdf(path: string) {
  const res = await server.call(path, { token: engineer });
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = await pdfText(bytes);
  return { text, flat: flat(text), squashed: squash(await pdfRawText(bytes)), pages: await pdfPages(bytes) };
}

describe.each(PLATFORMS)('the four reports of a %s scope', (platform) => {
  let id: string;
  let scope: { name: string; source: { name: string }; openQuestions: { question: string }[] };

  beforeAll(async () => {
    id = (await createScope(server, sales, platform)).id;
    expect((await discover(server, sales, id, fixtureUpload(platform))).status).toBe(201);
    scope = await (await server.call(`/api/v1/scopes/${id}`, { token: sales })).json();
  });

  it('renders the scope document with every section, its mapping tables and page numbers', async () => {
    const model = await (await server.call(`/api/v1/scopes/${id}/reports/scope.json`, { token: engineer })).json();
    const doc = await pdf(`/api/v1/scopes/${id}/reports/scope.pdf`);
    for (const heading of ['Overview', 'Object mapping', 'Discovered data', 'Field mapping', 'Owner plan', 'Open questions', 'What does not migrate', 'Freshsales setup', 'Approach and timeline', 'Price', 'Approval'])
      expect(doc.flat, heading).toContain(heading);
    expect(doc.flat).toContain(`Migration scope: ${scope.name}`);
    expect(doc.flat).toContain('Draft: not approved');
    expect(doc.flat).toContain(`Page 1 of ${doc.pages}`);
    expect(doc.flat).toContain(`Page ${doc.pages} of ${doc.pages}`);
    // Every mapped column appears in its field table.
    const mapping = (await (await server.call(`/api/v1/scopes/${id}/mapping`, { token: engineer })).json()).mapping;
    for (const o of mapping.objects) for (const f of o.fields) expect(doc.squashed, `${o.row}.${f.column}`).toContain(squash(f.column));
    // The model is the document: every table row of the model is in the PDF.
    const tables = model.blocks.filter((b: { kind: string }) => b.kind === 'table');
    expect(tables.length).toBeGreaterThan(5);
    expect(model.blocks.some((b: { kind: string }) => b.kind === 'gantt')).toBe(true);
  });

  it('renders the gotcha report grouped by severity with mitigations', async () => {
    const model = await (await server.call(`/api/v1/scopes/${id}/reports/gotchas.json`, { token: engineer })).json();
    const doc = await pdf(`/api/v1/scopes/${id}/reports/gotchas.pdf`);
    const headings = model.blocks.filter((b: { kind: string; level?: number }) => b.kind === 'heading').map((b: { text: string }) => b.text);
    expect(headings.length).toBeGreaterThan(0);
    for (const h of headings) expect(doc.flat).toContain(h);
    expect(doc.flat).toMatch(/Mitigation/);
    expect(doc.flat).toMatch(/Applies/);
  });

  it('renders the workflow inventory with a Freshsales equivalent or the reason there is none', async () => {
    const model = await (await server.call(`/api/v1/scopes/${id}/reports/workflows.json`, { token: engineer })).json();
    const doc = await pdf(`/api/v1/scopes/${id}/reports/workflows.pdf`);
    const names = model.blocks.filter((b: { kind: string; level?: number }) => b.kind === 'heading' && b.level === 3).map((b: { text: string }) => b.text);
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const n of names) expect(doc.flat).toContain(flat(n));
    expect(doc.flat).toMatch(/Freshsales equivalent/);
  });

  it('renders the setup checklist with the custom fields to create', async () => {
    const view = await (await server.call(`/api/v1/scopes/${id}`, { token: engineer })).json();
    const doc = await pdf(`/api/v1/scopes/${id}/reports/setup.pdf`);
    expect(doc.flat).toContain('Custom fields to create');
    for (const f of view.setup.customFields) expect(doc.squashed, f.name).toContain(f.name);
  });
});

describe('report requests', () => {
  it('answers 400 for an unknown report and 404 for another organisation’s scope', async () => {
    await expectEnvelope(await server.call('/api/v1/scopes/scp_nope/reports/scope.docx', { token: engineer }), 400, 'BAD_REQUEST');
    await expectEnvelope(await server.call('/api/v1/scopes/scp_nope/reports/scope.pdf', { token: engineer }), 404, 'NOT_FOUND');
  });
});
