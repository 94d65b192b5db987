import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SourcePlatform } from '../../../../rules/schema/platform.ts';
import { createRestSource } from '../../../../src/runner/sources/rest/index.ts';
import { collect, exportRows, generatedExport, harness, lastState, platformOf, records, testCtx, type Harness } from './helpers.ts';

/** A deep copy of a platform with its REST channel changed by `edit`. */
function variant(id: string, edit: (api: Record<string, any>) => void): SourcePlatform {
  const copy = structuredClone(platformOf(id)) as unknown as { channels: { api: Record<string, any> } };
  edit(copy.channels.api);
  return copy as unknown as SourcePlatform;
}

const pathsOf = (input: unknown) => {
  const parsed = SourcePlatform.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('a REST declaration', () => {
  it('is valid as shipped for Soffront and FastTrack', () => {
    expect(pathsOf(platformOf('soffront'))).toEqual([]);
    expect(pathsOf(platformOf('fasttrack'))).toEqual([]);
  });

  it('is rejected with the path of what is wrong', () => {
    expect(pathsOf(variant('soffront', (api) => (api.rest.pagination.kind = 'page')))).toContain('channels.api.rest.pagination.pageParam');
    expect(pathsOf(variant('soffront', (api) => (api.rest.pagination = { ...api.rest.pagination, kind: 'cursor', cursorParam: 'c', sizeParam: 's', nextField: 'n', offsetParam: undefined, limitParam: undefined }))))
      .toContain('channels.api.rest.pagination.kind');
    expect(pathsOf(variant('soffront', (api) => delete api.rest.auth.tokenField))).toContain('channels.api.rest.auth.tokenField');
    expect(pathsOf(variant('soffront', (api) => (api.rest.auth.kind = 'basic')))).toContain('channels.api.rest.auth.username');
    expect(pathsOf(variant('fasttrack', (api) => (api.rest.endpoints.invoice = { path: '/v1/invoices' })))).toContain('channels.api.rest.endpoints.invoice');
    expect(pathsOf(variant('fasttrack', (api) => (api.rest.endpoints.deal.path = 'v1/deals')))).toContain('channels.api.rest.endpoints.deal.path');
    expect(pathsOf(variant('fasttrack', (api) => (api.rest.workers = 0)))).toContain('channels.api.rest.workers');
    expect(pathsOf(variant('fasttrack', (api) => (api.rest.retries = 3)))).toContain('channels.api.rest');
  });

  it('is checked when the source is made, and a platform without one is refused', () => {
    expect(() => createRestSource(variant('fasttrack', (api) => (api.rest.endpoints.deal.path = 'v1/deals')))).toThrow(/channels\.api\.rest\.endpoints\.deal\.path/);
    expect(() => createRestSource(platformOf('profi'))).toThrow(/profi declares no REST API/);
  });

  it('checks a config against the platform: credentials it signs in with, objects it has endpoints for', () => {
    const { configSchema } = createRestSource(platformOf('soffront'));
    const parsed = configSchema.safeParse({
      kind: 'soffront-api',
      baseUrl: 'https://crm.example.test/sf',
      credentials: { developerKey: 'k', userName: 'u' },
      streams: { 'Contacts.csv': 'contact', 'Stages.csv': 'deal_stage' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toEqual(['credentials.password', 'streams.Stages.csv']);
  });
});

describe('a platform declared by data only', () => {
  // FastTrack's data, re-declared with basic auth and cursor pagination: no code changes.
  const platform = variant('fasttrack', (api) => {
    api.auth = 'basic';
    api.rest.auth = { kind: 'basic', username: 'user', password: 'secret' };
    api.pagination.kind = 'cursor';
    api.rest.pagination = { kind: 'cursor', cursorParam: 'after', sizeParam: 'limit', recordsField: 'results', nextField: 'next' };
  });
  const HEADER = ['Product ID', 'Product Name', 'Unit Price'];
  const files = generatedExport('products.csv', HEADER, 250, (i) => [`P-${i}`, `Item ${i}`, `$${i},000.00`]);
  afterAll(() => files.remove());
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('reads through cursors with basic auth, and resumes from a cursor checkpoint', async () => {
    h = await harness({ platform, exportDir: files.dir, streams: { 'products.csv': { object: 'product', columns: HEADER } } });
    const expected = (await exportRows(files.dir, 'products.csv')).rows;
    const all = await collect(h.session.read('products.csv', null));
    expect(records(all).map((m) => m.data)).toEqual(expected);
    expect(lastState(all)).toEqual({ cursor: null, done: true, rows: 250, since: null });

    const first = [];
    for await (const m of h.session.read('products.csv', null)) if ((first.push(m), m.type === 'checkpoint')) break;
    const rest = records(await collect(h.session.read('products.csv', lastState(first))));
    expect(rest.map((m) => m.data)).toEqual(expected.slice(100));
    expect(await collect(h.session.read('products.csv', lastState(all)))).toEqual([{ type: 'checkpoint', stream: 'products.csv', state: lastState(all) }]);
  });

  it('is refused by its emulator with wrong credentials, and check() says so', async () => {
    h = await harness({ platform, exportDir: files.dir, streams: { 'products.csv': 'product' } });
    const bad = h.source.open({ ...h.config, credentials: { user: 'user', secret: 'not-the-password-42' } }, testCtx(h.clock));
    const result = await bad.check();
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(/^GET \/v1\/products: HTTP 401/);
    expect(result.ok ? '' : result.message).not.toContain('not-the-password-42');
  });
});
