import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateFixtures, type FixtureManifest } from '../../src/runner/fixtures/index.ts';
import { signedOffScope } from './runs.ts';
import type { TestServer } from './server.ts';
import { answerAll, uploadForm, type Mapping } from './scoping.ts';

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
  // The files the attachments export lists, in the folder beside it where the product looks for them.
  for (const f of set.attachments ?? []) {
    mkdirSync(dirname(join(dir, f.name)), { recursive: true });
    writeFileSync(join(dir, f.name), f.bytes);
  }
  return {
    dir,
    manifest: set.manifest,
    /** The discovery upload: every export file, plus the workflow file in its own part. */
    upload: () =>
      uploadForm([
        ...readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map(({ name }) => ({ name, bytes: readFileSync(join(dir, name)) })),
        { name: set.manifest.workflows, bytes: readFileSync(join(extra, set.manifest.workflows)), part: 'workflows' },
      ]),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * Relationships discovery left open, answered from what the customer says about their export (the manifest's
 * `references`: which column of which file names rows of which other file).
 */
function linkAsTheExportDoes(mapping: Mapping, manifest: FixtureManifest): Mapping {
  const next: Mapping = structuredClone(mapping);
  const filesOf = (row: string) => ((next.objects.find((o) => o.row === row) as { files?: string[] } | undefined)?.files ?? []);
  for (const r of next.relationships.filter((x) => !x.via)) {
    const ref = manifest.truth.references.find((x) => filesOf(r.from.row).includes(x.file) && filesOf(r.to.row).includes(x.target));
    if (!ref) continue;
    const via = /e-?mail/i.test(ref.targetColumn) ? 'email' : /\bid$|id$/i.test(ref.targetColumn) ? 'id' : 'name';
    Object.assign(r, { from: { ...r.from, column: ref.column }, to: { ...r.to, column: ref.targetColumn }, via });
  }
  return next;
}

/**
 * The owner plan an engineer settles with the customer: people still at the company (the manifest's `owners`, matched
 * by email or by the display name the source writes) are invited; everyone else goes to the fallback owner.
 */
function keepOnlyCurrentOwners(mapping: Mapping, manifest: FixtureManifest): Mapping {
  const byName = new Map(Object.entries(manifest.truth.ownerNames).map(([email, name]) => [name.toLowerCase(), email]));
  const current = new Set(manifest.truth.owners.map((e) => e.toLowerCase()));
  for (const o of mapping.owners.owners) {
    const email = (o.email ?? byName.get(o.source.toLowerCase()) ?? o.source).toLowerCase();
    Object.assign(o, current.has(email) ? { resolution: 'invite', email } : { resolution: 'fallback' });
  }
  return mapping;
}

export type GeneratedExports = ReturnType<typeof generatedExports>;
export type { FixtureManifest };

/**
 * signedOffScope for a generated export: discovery of `exports`' upload, the relationships linked as the export does,
 * the other questions answered as an engineer would, and the owner plan settled with the customer.
 */
export const signedOffGeneratedScope = (server: TestServer, platform: string, exports: GeneratedExports) =>
  signedOffScope(server, platform, {
    tag: 'gen',
    upload: exports.upload(),
    settle: (mapping, questions) => keepOnlyCurrentOwners(answerAll(linkAsTheExportDoes(mapping, exports.manifest), questions), exports.manifest),
  });
