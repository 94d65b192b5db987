import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { mappingMemory, scopeFiles, scopes, scopeVersions } from '../../../db/schema/index.ts';
import type { RememberedMapping } from '../mapping/context.ts';
import type { FieldTarget, Mapping } from '../mapping/document.ts';
import type { InventoryFile } from '../discovery/inventory.ts';
import type { SourceWorkflow } from '../workflows/parse.ts';
import { ScopeError } from './errors.ts';

export type ScopeRow = typeof scopes.$inferSelect;
export type VersionRow = typeof scopeVersions.$inferSelect;

/** A scope of the caller's organisation; another organisation's scope is as absent as a missing one. */
export async function findScope(db: Db, orgId: string, id: string): Promise<ScopeRow> {
  const row = await db.query.scopes.findFirst({ where: and(eq(scopes.id, id), eq(scopes.orgId, orgId)) });
  if (!row) throw new ScopeError('NOT_FOUND', `scope ${id} not found`);
  return row;
}

export const listVersions = (db: Db, scopeId: string) =>
  db.query.scopeVersions.findMany({ where: eq(scopeVersions.scopeId, scopeId), orderBy: desc(scopeVersions.version) });

export async function findVersion(db: Db, scopeId: string, version: number): Promise<VersionRow> {
  const row = await db.query.scopeVersions.findFirst({ where: and(eq(scopeVersions.scopeId, scopeId), eq(scopeVersions.version, version)) });
  if (!row) throw new ScopeError('NOT_FOUND', `scope ${scopeId} has no version ${version}`);
  return row;
}

export const versionMapping = (v: VersionRow) => JSON.parse(v.mapping) as Mapping;

export interface StoredDiscovery {
  files: InventoryFile[];
  workflows: { file: string; items: SourceWorkflow[] }[];
}

export async function storedDiscovery(db: Db, scopeId: string): Promise<StoredDiscovery> {
  const rows = await db.query.scopeFiles.findMany({ where: eq(scopeFiles.scopeId, scopeId), orderBy: scopeFiles.createdAt });
  return {
    files: rows.filter((r) => r.kind !== 'workflows').map((r) => JSON.parse(r.body) as InventoryFile),
    workflows: rows.filter((r) => r.kind === 'workflows').map((r) => ({ file: r.name, items: JSON.parse(r.body) as SourceWorkflow[] })),
  };
}

export async function rememberedMappings(db: Db, orgId: string, source: string, destination: string): Promise<RememberedMapping[]> {
  const rows = await db.query.mappingMemory.findMany({
    where: and(eq(mappingMemory.orgId, orgId), eq(mappingMemory.source, source), eq(mappingMemory.destination, destination)),
  });
  return rows.map((r) => ({ sourceObject: r.sourceObject, columnKey: r.columnKey, target: JSON.parse(r.target) as FieldTarget, confirmations: r.confirmations }));
}
