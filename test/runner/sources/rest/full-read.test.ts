import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, exportRows, FIXTURES, harness, platformOf, records, type Harness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** The scope's streams for an export folder: each file read from the API, carrying the headers the file has. */
async function streamsOf(dir: string, files: Record<string, string>) {
  const streams: Record<string, { object: string; columns: string[] }> = {};
  for (const [file, object] of Object.entries(files)) streams[file] = { object, columns: (await exportRows(dir, file)).headers };
  return streams;
}

describe.each([
  ['soffront', { 'Contacts.csv': 'contact', 'Accounts.csv': 'account', 'Opportunities.csv': 'deal', 'Activities.csv': 'activity' }],
  ['fasttrack', { 'contacts.csv': 'contact', 'companies.csv': 'company', 'deals.csv': 'deal', 'products.csv': 'product' }],
])('a full read of %s through its emulator', (id, files) => {
  const dir = join(FIXTURES, id);

  it('gives every export row, in order, with the export headers and cells', async () => {
    h = await harness({ platform: platformOf(id), exportDir: dir, streams: await streamsOf(dir, files) });
    expect(h.running.skipped.filter((n) => n.endsWith('.csv'))).toEqual([]);
    expect((await h.session.check()).ok).toBe(true);
    expect((await h.session.discover()).map((s) => s.name).sort()).toEqual(Object.keys(files).sort());
    for (const file of Object.keys(files)) {
      const expected = (await exportRows(dir, file)).rows;
      const got = records(await collect(h.session.read(file, null)));
      expect(got.length, file).toBe(expected.length);
      expect(got.map((m) => m.data), file).toEqual(expected);
      // Positions are the ordinal after a header row, as an export's would be without multi-line cells.
      expect(got.map((m) => m.position)).toEqual(expected.map((_, i) => ({ file, line: i + 2 })));
    }
  });

  it('without export columns, names cells by the platform field ids', async () => {
    const [file, object] = Object.entries(files)[0]!;
    h = await harness({ platform: platformOf(id), exportDir: dir, streams: { [file]: object } });
    const fieldIds = platformOf(id).objects.find((o) => o.id === object)!.fields.map((f) => f.id);
    expect((await h.session.discover())[0]!.columns).toEqual(fieldIds);
    const got = records(await collect(h.session.read(file, null)));
    const known = Object.keys(got[0]!.data).filter((k) => fieldIds.includes(k));
    expect(known.length).toBeGreaterThan(3);
  });
});
