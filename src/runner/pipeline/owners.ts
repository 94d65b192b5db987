import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { runRows } from '../../../db/schema/index.ts';
import type { DestinationDescription } from '../protocol.ts';
import type { RunnerDeps } from './deps.ts';
import type { RunContext } from './run-context.ts';

/** The key under which the resolution holds the fallback owner, for records that must have an owner and name none (tasks). */
export const FALLBACK_OWNER = '';

export interface OwnerResolution {
  /** Owner cell (lower-cased) → Freshsales user id; FALLBACK_OWNER → the fallback owner's, when that is a user. */
  resolved: Record<string, number>;
  /** Owners the scope expects to exist in Freshsales but that are not users there (yet). */
  missing: { owner: string; email: string | null; rows: number; why: string }[];
}

/**
 * The owner gate: every owner named by a ready row must be a Freshsales user, or be one the scope hands to its fallback
 * owner. Owners the scope planned to keep (existing or invited users) are never quietly given to the fallback: while
 * any is missing, the run waits for the customer to add them.
 */
export async function resolveOwners(deps: RunnerDeps, rc: RunContext, destination: DestinationDescription): Promise<OwnerResolution> {
  const owner = sql<string>`json_extract(${runRows.data}, '$.owner')`;
  const rows = await deps.db
    .select({ owner, n: sql<number>`count(*)` })
    .from(runRows)
    .where(and(eq(runRows.runId, rc.run.id), eq(runRows.status, 'ready'), isNotNull(owner)))
    .groupBy(owner);
  const users = new Map(destination.users.map((u) => [u.email.toLowerCase(), u.id]));
  const plan = rc.mapping.owners;
  const fallback = plan.fallbackOwnerEmail ? users.get(plan.fallbackOwnerEmail.toLowerCase()) : undefined;
  const out: OwnerResolution = { resolved: fallback !== undefined ? { [FALLBACK_OWNER]: fallback } : {}, missing: [] };
  for (const { owner: value, n } of rows) {
    const key = value.trim().toLowerCase();
    const entry = plan.owners.find((o) => o.source.trim().toLowerCase() === key);
    const email = (entry?.email ?? (key.includes('@') ? key : null))?.toLowerCase() ?? null;
    const user = email ? users.get(email) : undefined;
    if (user !== undefined) {
      out.resolved[key] = user;
    } else if (entry && (entry.resolution === 'existing' || entry.resolution === 'invite')) {
      out.missing.push({ owner: value, email, rows: n, why: `the scope keeps this owner (${entry.resolution}), but the Freshsales account has no user ${email ?? value}` });
    } else if (fallback !== undefined) {
      out.resolved[key] = fallback;
    } else {
      out.missing.push({
        owner: value,
        email,
        rows: n,
        why: plan.fallbackOwnerEmail ? `no Freshsales user ${email ?? value}, and the fallback owner ${plan.fallbackOwnerEmail} is not a user either` : `no Freshsales user ${email ?? value} and the scope names no fallback owner`,
      });
    }
  }
  return out;
}
