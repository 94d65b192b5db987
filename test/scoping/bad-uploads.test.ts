import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';
import { createScope, discover, EXPORTS_DIR, tokenFor, uploadForm } from '../helpers/scoping.ts';

let server: TestServer;
let sales: string;
const good = readFileSync(join(EXPORTS_DIR, 'kartra', 'contacts.csv'));

beforeAll(async () => {
  // Small limits so "too big" is cheap to send.
  server = await startTestServer({ UPLOAD_MAX_FILE_BYTES: '20000', UPLOAD_MAX_ROWS: '50' });
  sales = await tokenFor(server, 'sales');
});
afterAll(() => server.stop());

/** Sends the upload to a fresh scope, checks the envelope, and checks that the scope kept nothing. */
async function rejected(files: { name: string; bytes: Uint8Array | string; part?: string }[], status: number, code: string, fields: Record<string, string> = {}) {
  const scope = await createScope(server, sales, 'kartra');
  const error = await expectEnvelope(await discover(server, sales, scope.id, uploadForm(files, fields)), status, code);
  const view = await (await server.call(`/api/v1/scopes/${scope.id}`, { token: sales })).json();
  expect(view).toMatchObject({ status: 'draft', currentVersion: null, versions: [], discovery: { files: [], workflows: [] } });
  return error as { message: string; details: { file?: string; line?: number; reason?: string; path?: string; message?: string }[] };
}

describe('bad uploads get a clear 4xx naming the file and line, and store nothing', () => {
  it('a spreadsheet saved as .xlsx', async () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, ...new TextEncoder().encode('[Content_Types].xml')]);
    const e = await rejected([{ name: 'contacts.xlsx', bytes: xlsx }], 400, 'BAD_UPLOAD');
    expect(e.details[0]).toMatchObject({ file: 'contacts.xlsx', reason: expect.stringMatching(/Excel|CSV/i) });
  });

  it('broken quoting, at the line where the quoted cell starts', async () => {
    const csv = 'Email,First Name,Notes\na@x.test,Ann,fine\nb@x.test,Bob,"never closed\nc@x.test,Cy,more\n';
    const e = await rejected([{ name: 'contacts.csv', bytes: csv }], 400, 'BAD_UPLOAD');
    expect(e.details[0]).toMatchObject({ file: 'contacts.csv', line: 3, reason: expect.stringMatching(/unterminated/) });
  });

  it('a row with more cells than the header', async () => {
    const e = await rejected([{ name: 'contacts.csv', bytes: 'Email,First Name\na@x.test,Ann\nb@x.test,Bob,extra,cells\n' }], 400, 'BAD_UPLOAD');
    expect(e.details[0]).toMatchObject({ file: 'contacts.csv', line: 3 });
  });

  it('an empty file, and one with only a header', async () => {
    expect((await rejected([{ name: 'contacts.csv', bytes: '' }], 400, 'BAD_UPLOAD')).details[0]).toMatchObject({ file: 'contacts.csv' });
    expect((await rejected([{ name: 'contacts.csv', bytes: 'Email,First Name\r\n' }], 400, 'BAD_UPLOAD')).details[0]).toMatchObject({ file: 'contacts.csv', reason: expect.stringMatching(/no rows/) });
  });

  it('undecodable bytes: UTF-8 that turns into something else half-way', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('Email,First Name\na@x.test,Zoë\nb@x.test,'), 0xe9, 0x0a]);
    const e = await rejected([{ name: 'contacts.csv', bytes }], 400, 'BAD_UPLOAD');
    expect(e.details[0]).toMatchObject({ file: 'contacts.csv', line: 3, reason: expect.stringMatching(/UTF-8/) });
  });

  it('a file over the size limit, and one over the row limit', async () => {
    const big = 'Email,First Name\n' + 'someone@example.test,Somebody\n'.repeat(1000);
    expect((await rejected([{ name: 'contacts.csv', bytes: big }], 413, 'PAYLOAD_TOO_LARGE')).details[0]).toMatchObject({ file: 'contacts.csv' });
    const rows = 'Email\n' + Array.from({ length: 60 }, (_, i) => `p${i}@x.test`).join('\n');
    expect((await rejected([{ name: 'contacts.csv', bytes: rows }], 400, 'BAD_UPLOAD')).details[0]).toMatchObject({ file: 'contacts.csv', line: 52 });
  });

  it('a good file next to a bad one: the whole upload fails', async () => {
    const e = await rejected([{ name: 'contacts.csv', bytes: good }, { name: 'transactions.csv', bytes: 'ID,Amount\n1,"5\n' }], 400, 'BAD_UPLOAD');
    expect(e.details[0]).toMatchObject({ file: 'transactions.csv', line: 2 });
  });

  it('NDJSON with a broken line', async () => {
    const e = await rejected([{ name: 'contacts.ndjson', bytes: '{"email":"a@x.test"}\n{"email":"b@x.test"}\n{"email": }\n' }], 400, 'BAD_UPLOAD');
    expect(e.details[0]).toMatchObject({ file: 'contacts.ndjson', line: 3 });
  });

  it('a workflow file without actions, and an override naming an unknown object', async () => {
    const wf = await rejected([{ name: 'workflows.csv', bytes: 'name,trigger\nWelcome,contact created\n', part: 'workflows' }], 400, 'BAD_REQUEST');
    expect(wf.details[0]).toMatchObject({ file: 'workflows.csv', path: 'actions', message: expect.stringMatching(/no "actions" column/) });
    const o = await rejected([{ name: 'contacts.csv', bytes: good }], 400, 'BAD_REQUEST', { objects: JSON.stringify({ 'contacts.csv': 'invoice' }) });
    expect(o.details[0]).toMatchObject({ path: 'objects.contacts.csv', message: expect.stringMatching(/"invoice" is not a Kartra object/) });
  });

  it('a body that is not multipart', async () => {
    const scope = await createScope(server, sales, 'kartra');
    const res = await server.call(`/api/v1/scopes/${scope.id}/discovery`, { method: 'POST', token: sales, body: 'Email\na@x.test\n', headers: { 'Content-Type': 'text/csv' } });
    await expectEnvelope(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('discovery without files', () => {
  it('takes a JSON field description and workflows, then re-assigns a stored file by override', async () => {
    const scope = await createScope(server, sales, 'kartra');
    const body = {
      fields: { objects: [{ object: 'transaction', rows: 1200, fields: [{ name: 'Transaction ID' }, { name: 'Full Amount', type: 'money' }, { name: 'Buyer Email' }] }] },
      workflows: [{ name: 'Tag buyers', object: 'contact', trigger: 'purchase made', actions: ['add tag', 'send email'] }],
    };
    const res = await server.call(`/api/v1/scopes/${scope.id}/discovery`, jsonInit('POST', body, sales));
    expect(res.status).toBe(201);
    const view = await res.json();
    expect(view.discovery.files).toEqual([expect.objectContaining({ name: 'fields:transaction', kind: 'field_description', object: 'transaction', rows: 1200 })]);
    expect(view.discovered.workflows).toEqual([{ file: 'workflows.json', count: 1 }]);
    const mapping = (await (await server.call(`/api/v1/scopes/${scope.id}/mapping`, { token: sales })).json()).mapping;
    const amount = mapping.objects.find((o: { row: string }) => o.row === 'transaction').fields.find((f: { column: string }) => f.column === 'Full Amount');
    expect(amount.target).toEqual({ kind: 'standard', field: 'amount' });

    // Upload a file under a name the recogniser cannot place, then tell discovery what it holds.
    await discover(server, sales, scope.id, uploadForm([{ name: 'export (3).csv', bytes: good }]));
    const again = await server.call(`/api/v1/scopes/${scope.id}/discovery`, jsonInit('POST', { objects: { 'export (3).csv': 'contact' } }, sales));
    expect(again.status).toBe(201);
    const file = (await again.json()).discovery.files.find((f: { name: string }) => f.name === 'export (3).csv');
    expect(file).toMatchObject({ object: 'contact', recognition: { overridden: true, confidence: 1 } });
  });
});
