import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFixtures, type FixtureManifest } from '../../src/runner/fixtures/index.ts';
import { jsonInit, type TestServer } from './server.ts';
import { answerAll, createScope, discover, tokenFor, uploadForm, type MappingVersion } from './scoping.ts';

/**
 * `ferry fixtures generate` output for `platform` in a fresh directory: the export files an engineer points
 * --source-dir at, with the workflow file and expected.json kept beside them in a folder of their own (the runner
 * reads every file of its directory).
 */
export function generatedExports(platform: string, options: { scale: number; seed: number }) {
  const set = generateFixtures(platform, options);
  const root = mkdtempSync(join(tmpdir(), `ferry-generated-${platform}-`));
  const dir = join(root, 'exports');
  const extra = join(root, 'extra');
  for (const d of [dir, extra]) mkdirSync(d);
  for (const f of set.files) {
    const keep = f.name !== 'expected.json' && f.name !== set.manifest.workflows;
    writeFileSync(join(keep ? dir : extra, f.name), f.bytes);
  }
  return {
    dir,
    manifest: set.manifest,
    /** The discovery upload: every export file, plus the workflow file in its own part. */
    upload: () =>
      uploadForm([
        ...readdirSync(dir).map((name) => ({ name, bytes: readFileSync(join(dir, name)) })),
        { name: set.manifest.workflows, bytes: readFileSync(join(extra, set.manifest.workflows)), part: 'workflows' },
      ]),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export type GeneratedExports = ReturnType<typeof generatedExports>;
export type { FixtureManifest };

/**
 * signedOffScope (test/helpers/runs.ts) for a generated export: discovery of `exports`' upload, every open question
 * answered the way an engineer would, approval and the customer's sign-off.
 */
export async function signedOffGeneratedScope(server: TestServer, platform: string, exports: GeneratedExports) {
  const sales = await tokenFor(server, 'sales', `sales-gen-${platform}@acme.test`);
  const engineer = await tokenFor(server, 'engineer', `engineer-gen-${platform}@acme.test`);
  const scopeId = (await createScope(server, sales, platform)).id;
  const res = await discover(server, sales, scopeId, exports.upload());
  if (res.status !== 201) throw new Error(`discovery of the generated ${platform} export: ${res.status} ${await res.text()}`);
  const discovery = await res.json();
  const v1 = (await (await server.call(`/api/v1/scopes/${scopeId}/mapping`, { token: sales })).json()) as MappingVersion;
  const v2 = (await (await server.call(`/api/v1/scopes/${scopeId}/mapping`, jsonInit('PUT', { mapping: answerAll(v1.mapping, v1.openQuestions) }, sales))).json()) as MappingVersion;
  const approved = await server.call(`/api/v1/scopes/${scopeId}/approve`, jsonInit('POST', { version: v2.version, hash: v2.hash }, sales));
  if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${await approved.text()}`);
  const link = await (await server.call(`/api/v1/scopes/${scopeId}/signoff-links`, jsonInit('POST', {}, sales))).json();
  const signed = await server.call(`/api/v1/signoff/${link.token}`, jsonInit('POST', { name: 'Casey Customer', email: 'casey@customer.test', accept: true }));
  if (signed.status !== 200) throw new Error(`sign-off: ${signed.status} ${await signed.text()}`);
  const view = await (await server.call(`/api/v1/scopes/${scopeId}`, { token: sales })).json();
  return { scopeId, version: v2.version, proposed: v1.mapping, mapping: v2.mapping, discovery, setup: view.setup, sales, engineer };
}
