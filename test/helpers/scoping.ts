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

export type Target = { kind: string; field?: string; name?: string; label?: string; type?: string };
export interface Field { column: string; sourceType: string; target: Target; confidence: number; reasons: string[]; confirmed: boolean }
export interface Mapping {
  objects: { row: string; sourceObject: string; destinationObject: string; fields: Field[]; catchAllAccount?: string }[];
  valueMaps: { id: string; choices: string[]; entries: { source: string; target: string | null; confirmed: boolean }[] }[];
  owners: { fallbackOwnerEmail: string | null; owners: { source: string; resolution: string; email: string | null }[] };
  relationships: { id: string; from: { row: string; column: string | null }; to: { row: string; column: string | null }; via: string | null }[];
}
export interface Question { id: string; blocking: boolean }
export interface MappingVersion { version: number; status: string; hash: string; mapping: Mapping; openQuestions: Question[] }


/** What an engineer does with each blocking question: decide, confirm, or hand to the fallback owner. */
export function answerAll(m: Mapping, questions: Question[]): Mapping {
  const next: Mapping = structuredClone(m);
  next.owners.fallbackOwnerEmail = 'ops@acme.test';
  for (const o of next.owners.owners) if (o.resolution === 'unresolved') o.resolution = 'fallback';
  for (const v of next.valueMaps) for (const e of v.entries) {
    e.target ??= v.choices[0] ?? e.source;
    e.confirmed = true;
  }
  for (const o of next.objects) for (const f of o.fields) f.confirmed = true;
  // A required field with no column of its own takes a spare column of a fitting type, or shares one (a booking's start
  // also fills its end until the runner derives the end from the duration).
  for (const q of questions.filter((x) => x.id.startsWith('required:'))) {
    const [row, field] = q.id.slice('required:'.length).split('.') as [string, string];
    const o = next.objects.find((x) => x.row === row)!;
    const types = /date|_at$|from|end|start/.test(field) ? ['date', 'datetime'] : ['text', 'picklist'];
    const spare = o.fields.find((f) => types.includes(f.sourceType) && f.target.kind !== 'standard');
    const shared = o.fields.find((f) => types.includes(f.sourceType));
    if (spare) spare.target = { kind: 'standard', field };
    else if (shared) o.fields.push({ ...structuredClone(shared), target: { kind: 'standard', field } });
  }
  for (const r of next.relationships.filter((x) => !x.via)) {
    const from = next.objects.find((o) => o.row === r.from.row)!.fields.find((f) => ['id', 'reference', 'email'].includes(f.sourceType));
    const to = next.objects.find((o) => o.row === r.to.row)!.fields.find((f) => f.sourceType === 'id');
    Object.assign(r, { from: { ...r.from, column: from?.column ?? null }, to: { ...r.to, column: to?.column ?? null }, via: 'id' });
  }
  return next;
}

