import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { mappingMemory, scopes, scopeVersions } from '../../../db/schema/index.ts';
import type { Mapping } from '../mapping/document.ts';
import { canonicalJson, contentHash } from '../mapping/hash.ts';
import { normaliseKey } from '../text.ts';
import type { ScopeRow } from './repository.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Confirmed lines become memory for the organisation's later scopes of the same pair; a changed target starts its count again. */
async function remember(tx: Tx, scope: ScopeRow, mapping: Mapping, now: Date) {
  for (const o of mapping.objects)
    for (const f of o.fields.filter((x) => x.confirmed)) {
      const key = { orgId: scope.orgId, source: scope.source, destination: scope.destination, sourceObject: o.sourceObject, columnKey: normaliseKey(f.column) };
      const where = and(...Object.entries(key).map(([k, v]) => eq(mappingMemory[k as keyof typeof key], v)));
      const target = canonicalJson(f.target);
      const row = await tx.query.mappingMemory.findFirst({ where });
      if (!row) await tx.insert(mappingMemory).values({ ...key, target, confirmations: 1, lastScopeId: scope.id, lastConfirmedAt: now });
      else if (row.target !== target) await tx.update(mappingMemory).set({ target, confirmations: 1, lastScopeId: scope.id, lastConfirmedAt: now }).where(where);
      else if (row.lastScopeId !== scope.id) await tx.update(mappingMemory).set({ confirmations: row.confirmations + 1, lastScopeId: scope.id, lastConfirmedAt: now }).where(where);
    }
}

/**
 * Stores `mapping` as the scope's next version, in `proposed`. Every earlier version is superseded — an approved or
 * signed-off one included — so only the newest version can be approved, signed and run.
 */
export async function saveVersion(db: Db | Tx, scope: ScopeRow, mapping: Mapping, userId: string, note: string, before?: (tx: Tx) => Promise<void>) {
  const hash = await contentHash(mapping);
  const version = scope.currentVersion + 1;
  const now = new Date();
  await db.transaction(async (tx) => {
    await before?.(tx);
    await tx
      .update(scopeVersions)
      .set({ status: 'superseded' })
      .where(and(eq(scopeVersions.scopeId, scope.id), ne(scopeVersions.status, 'superseded')));
    await tx.insert(scopeVersions).values({ scopeId: scope.id, version, status: 'proposed', mapping: JSON.stringify(mapping), hash, note, createdBy: userId, createdAt: now });
    await tx.update(scopes).set({ status: 'proposed', currentVersion: version, updatedAt: now }).where(eq(scopes.id, scope.id));
    await remember(tx, scope, mapping, now);
  });
  return { version, hash };
}
