import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonInit, type TestServer } from './server.ts';

export const EXPORTS_DIR = new URL('../fixtures/exports/', import.meta.url).pathname;
export const PLATFORMS = ['soffront', 'profi', 'fasttrack', 'promio', 'kartra'] as const;

export interface ExpectedExports {
  files: Record<string, string>;
  workflows: string;
  standardFields: { file: string; header: string; object: string; field: string }[];
}

export const expectedFor = (platform: string) => JSON.parse(readFileSync(join(EXPORTS_DIR, platform, 'expected.json'), 'utf8')) as ExpectedExports;

/** A token with `role` for a fresh user of the admin's organisation. */
export async function tokenFor(server: TestServer, role: 'sales' | 'engineer' | 'admin', email = `${role}@acme.test`) {
  const res = await server.call('/api/v1/tokens', jsonInit('POST', { email, role, label: `${role} tests` }, server.adminToken));
  if (res.status !== 201) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** A scope for `platform` → Freshsales from quote input, in draft. */
export async function createScope(server: TestServer, token: string, platform: string, plan = 'pro', name = `Acme ${platform}`) {
  const res = await server.call(
    '/api/v1/scopes',
    jsonInit('POST', { name, estimate: { source: platform, destination: 'freshsales', plan, records: {} } }, token),
  );
  if (res.status !== 201) throw new Error(`scope: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; status: string };
}

/** The multipart body of a discovery upload: export files as "files", the workflow file as "workflows". */
export function uploadForm(files: { name: string; bytes: Uint8Array | string; part?: string }[], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const f of files) form.append(f.part ?? 'files', new Blob([f.bytes as BlobPart]), f.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

/** Every fixture export of a platform, plus its workflow file. */
export function fixtureUpload(platform: string) {
  const dir = join(EXPORTS_DIR, platform);
  const expected = expectedFor(platform);
  return uploadForm(
    readdirSync(dir)
      .filter((n) => n !== 'expected.json')
      .map((name) => ({ name, bytes: readFileSync(join(dir, name)), part: name === expected.workflows ? 'workflows' : 'files' })),
  );
}

export const discover = (server: TestServer, token: string, scopeId: string, form: FormData) =>
  server.call(`/api/v1/scopes/${scopeId}/discovery`, { method: 'POST', token, body: form });
