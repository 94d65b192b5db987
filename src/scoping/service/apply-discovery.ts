import { and, eq, inArray } from 'drizzle-orm';
import { scopeFiles } from '../../../db/schema/index.ts';
import { describedFile, inventoryFile, type DiscoveryUpload } from '../discovery/discover.ts';
import type { InventoryFile } from '../discovery/inventory.ts';
import { mergeInventory } from '../discovery/merge.ts';
import { matchColumn } from '../discovery/recognise/index.ts';
import { contentHash } from '../mapping/hash.ts';
import { proposeMapping } from '../mapping/propose.ts';
import type { Issue } from '../../../rules/validate.ts';
import { ScopeError } from './errors.ts';
import { saveVersion, type Tx } from './save-version.ts';
import type { ScopeState, ScopingDeps } from './state.ts';

/**
 * Folds an upload into the scope: new files replace stored ones of the same name, overrides re-assign files to objects,
 * and a freshly proposed mapping (keeping every decision of the previous version) becomes the next version — all in one
 * transaction, so a failure stores nothing.
 */
export async function applyDiscovery(deps: ScopingDeps, state: ScopeState, userId: string, upload: DiscoveryUpload) {
  const { source } = state.ctx;
  const objectIds = source.objects.map((o) => o.id);
  const issues: Issue[] = [];
  const stored = new Map(state.discovery.files.map((f) => [f.name, f]));
  const uploaded = new Set(upload.files.map((f) => f.meta.file));
  for (const [file, object] of Object.entries(upload.overrides)) {
    if (!objectIds.includes(object)) issues.push({ path: `objects.${file}`, message: `"${object}" is not a ${source.name} object; valid: ${objectIds.join(', ')}` });
    if (!uploaded.has(file) && !stored.has(file)) issues.push({ path: `objects.${file}`, message: `no file "${file}" in this upload or earlier ones` });
  }
  upload.description?.objects.forEach((o, i) => {
    if (!objectIds.includes(o.object)) issues.push({ path: `fields.objects.${i}.object`, message: `"${o.object}" is not a ${source.name} object; valid: ${objectIds.join(', ')}` });
  });
  if (issues.length) throw new ScopeError('BAD_REQUEST', `discovery input is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);

  const fresh: InventoryFile[] = [
    ...upload.files.map((f) => inventoryFile(source, f, upload.overrides[f.meta.file])),
    ...(upload.description?.objects.map((o) => describedFile(source, o)) ?? []),
  ];
  // A stored file re-assigned by an override keeps its profiles; only its column matches change.
  for (const [name, object] of Object.entries(upload.overrides)) {
    const old = stored.get(name);
    if (!old || uploaded.has(name)) continue;
    fresh.push({
      ...old,
      object,
      recognition: { ...old.recognition, confidence: 1, overridden: true, reason: `set by the engineer (was ${old.object})` },
      columns: old.columns.map((c) => ({ ...c, ...matchColumn(source, object, c.header) })),
    });
  }
  const freshNames = new Set(fresh.map((f) => f.name));
  const files = [...state.discovery.files.filter((f) => !freshNames.has(f.name)), ...fresh];
  const inventory = mergeInventory(files);
  const mapping = proposeMapping(state.ctx, inventory, state.mapping);

  const replaced = [...freshNames, ...upload.workflows.map((w) => w.file)];
  const now = new Date();
  const rows = [
    ...fresh.map((f) => ({ scopeId: state.scope.id, name: f.name, kind: f.kind, body: JSON.stringify(f), uploadedBy: userId, createdAt: now })),
    ...upload.workflows.map((w) => ({ scopeId: state.scope.id, name: w.file, kind: 'workflows' as const, body: JSON.stringify(w.items), uploadedBy: userId, createdAt: now })),
  ];
  const note = `discovery: ${[...fresh.map((f) => f.name), ...upload.workflows.map((w) => w.file)].join(', ')}`;
  const storeFiles = async (tx: Tx) => {
    if (replaced.length) await tx.delete(scopeFiles).where(and(eq(scopeFiles.scopeId, state.scope.id), inArray(scopeFiles.name, replaced)));
    if (rows.length) await tx.insert(scopeFiles).values(rows);
  };
  const summary = { files: fresh, workflows: upload.workflows.map((w) => ({ file: w.file, count: w.items.length })) };
  // An upload that changes nothing in the mapping (say, only workflows) leaves the current version, and its approval, alone.
  if (state.version && state.version.hash === (await contentHash(mapping))) {
    await deps.db.transaction(storeFiles);
    return { version: state.version.version, hash: state.version.hash, newVersion: false, ...summary };
  }
  const saved = await saveVersion(deps.db, state.scope, mapping, userId, note.slice(0, 500), storeFiles);
  return { ...saved, newVersion: true, ...summary };
}
