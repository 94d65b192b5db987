import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { scopes, scopeVersions } from '../../../db/schema/index.ts';
import type { OpenQuestion } from '../mapping/questions.ts';
import { canApprove, canSignOff } from '../statuses.ts';
import { ScopeError } from './errors.ts';
import { findVersion, type ScopeRow } from './repository.ts';

/**
 * Freezes the current version: who approved it, when, and the content hash the runner will check.
 * Refused while blocking questions are open, and when the caller's `hash` (what they reviewed) is not the current one.
 */
export async function approveVersion(db: Db, scope: ScopeRow, userId: string, expect: { version: number; hash?: string }, questions: OpenQuestion[]) {
  if (expect.version !== scope.currentVersion)
    throw new ScopeError('CONFLICT', `version ${expect.version} is not the current version (${scope.currentVersion}); review the current one and approve it`);
  const v = await findVersion(db, scope.id, scope.currentVersion);
  if (!canApprove(v.status)) throw new ScopeError('CONFLICT', `version ${v.version} is ${v.status}; only a proposed version can be approved`);
  if (expect.hash && expect.hash !== v.hash) throw new ScopeError('CONFLICT', `version ${v.version} has hash ${v.hash}, not ${expect.hash}: it changed since it was reviewed`);
  const blocking = questions.filter((q) => q.blocking);
  if (blocking.length)
    throw new ScopeError('CONFLICT', `${blocking.length} open question${blocking.length === 1 ? '' : 's'} must be answered before approval`, blocking);
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.update(scopeVersions).set({ status: 'approved', approvedBy: userId, approvedAt: now }).where(and(eq(scopeVersions.scopeId, scope.id), eq(scopeVersions.version, v.version)));
    await tx.update(scopes).set({ status: 'approved', updatedAt: now }).where(eq(scopes.id, scope.id));
  });
  return { version: v.version, hash: v.hash, approvedAt: now };
}

export interface Signer {
  name: string;
  email: string;
  title?: string;
  address: string;
}

/** Records the customer's sign-off of exactly the approved version and hash the link was issued for. */
export async function signOffVersion(db: Db, scope: ScopeRow, grant: { version: number; hash: string }, signer: Signer) {
  const v = await findVersion(db, scope.id, grant.version);
  if (v.status === 'superseded' || v.hash !== grant.hash)
    throw new ScopeError('GONE', `version ${grant.version} of this scope was replaced by a newer version; ask for a new sign-off link`);
  if (v.status === 'signed_off') throw new ScopeError('CONFLICT', `version ${v.version} was already signed off by ${v.signedOffBy} on ${v.signedOffAt?.toISOString()}`);
  if (!canSignOff(v.status)) throw new ScopeError('CONFLICT', `version ${v.version} is ${v.status}, not approved`);
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx
      .update(scopeVersions)
      .set({ status: 'signed_off', signedOffBy: signer.email, signedOffAt: now, signOff: JSON.stringify(signer) })
      .where(and(eq(scopeVersions.scopeId, scope.id), eq(scopeVersions.version, v.version)));
    await tx.update(scopes).set({ status: 'signed_off', updatedAt: now }).where(eq(scopes.id, scope.id));
  });
  return { version: v.version, hash: v.hash, signedOffAt: now };
}
