import { and, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { apiTokens, organisations, users } from '../../../db/schema/index.ts';
import type { Role } from './roles.ts';
import { newTokenSecret, randomId, sha256Hex, tokenPrefix } from './secrets.ts';

export interface Principal {
  orgId: string;
  userId: string;
  tokenId: string;
  role: Role;
}

export type TokenRow = typeof apiTokens.$inferSelect;

/** The public view of a token: never the secret, never the hash. */
export const tokenView = (t: TokenRow, email: string) => ({
  id: t.id,
  label: t.label,
  role: t.role,
  prefix: t.prefix,
  user: email,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});
export type TokenView = ReturnType<typeof tokenView>;

async function findOrCreateUser(db: Db, orgId: string, email: string, name: string, now: Date) {
  const normalised = email.trim().toLowerCase();
  const existing = await db.query.users.findFirst({ where: and(eq(users.orgId, orgId), eq(users.email, normalised)) });
  if (existing) return existing;
  const row = { id: randomId('usr'), orgId, email: normalised, name, createdAt: now };
  await db.insert(users).values(row);
  return row;
}

/** Issues a token for a user of the organisation (created if new); the secret is returned once and only hashed at rest. */
export async function issueToken(
  db: Db,
  input: { orgId: string; email: string; name?: string; role: Role; label: string; secret?: string },
  now = new Date(),
) {
  const user = await findOrCreateUser(db, input.orgId, input.email, input.name ?? input.email, now);
  const secret = input.secret ?? newTokenSecret();
  const row: TokenRow = {
    id: randomId('tok'),
    orgId: input.orgId,
    userId: user.id,
    role: input.role,
    label: input.label,
    prefix: tokenPrefix(secret),
    hash: await sha256Hex(secret),
    createdAt: now,
    lastUsedAt: null,
    revokedAt: null,
  };
  await db.insert(apiTokens).values(row);
  return { token: secret, view: tokenView(row, user.email) };
}

/** Creates an organisation with its first admin; used by the first start and by operators adding tenants. */
export async function createOrganisation(
  db: Db,
  input: { name: string; adminEmail: string; secret?: string },
  now = new Date(),
) {
  const org = { id: randomId('org'), name: input.name, createdAt: now };
  await db.insert(organisations).values(org);
  const issued = await issueToken(
    db,
    { orgId: org.id, email: input.adminEmail, role: 'admin', label: 'bootstrap admin', secret: input.secret },
    now,
  );
  return { organisation: org, ...issued };
}

export const countOrganisations = async (db: Db) => (await db.select({ id: organisations.id }).from(organisations).limit(1)).length;

/** Resolves a presented secret to its principal, or null when unknown or revoked. */
export async function authenticate(db: Db, secret: string, now = new Date()): Promise<Principal | null> {
  const hash = await sha256Hex(secret);
  const row = await db.query.apiTokens.findFirst({ where: and(eq(apiTokens.hash, hash), isNull(apiTokens.revokedAt)) });
  if (!row) return null;
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  return { orgId: row.orgId, userId: row.userId, tokenId: row.id, role: row.role };
}

const tokensWithUsers = (db: Db, where: SQL | undefined) =>
  db.select({ t: apiTokens, email: users.email }).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(where);

export async function listTokens(db: Db, orgId: string): Promise<TokenView[]> {
  const rows = await tokensWithUsers(db, eq(apiTokens.orgId, orgId)).orderBy(desc(apiTokens.createdAt));
  return rows.map((r) => tokenView(r.t, r.email));
}

/** A token of the caller's organisation, or null: another organisation's id reads as absent. */
export async function getToken(db: Db, orgId: string, id: string): Promise<TokenView | null> {
  const [r] = await tokensWithUsers(db, and(eq(apiTokens.orgId, orgId), eq(apiTokens.id, id)));
  return r ? tokenView(r.t, r.email) : null;
}

export async function revokeToken(db: Db, orgId: string, id: string, now = new Date()): Promise<TokenView | null> {
  await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
  return getToken(db, orgId, id);
}

/** Who the caller is: organisation, user and role, as the /me endpoint shows it. */
export async function describePrincipal(db: Db, p: Principal) {
  const [row] = await db
    .select({ orgName: organisations.name, email: users.email, name: users.name })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(eq(users.id, p.userId));
  return {
    organisation: { id: p.orgId, name: row?.orgName ?? '' },
    user: { id: p.userId, email: row?.email ?? '', name: row?.name ?? '' },
    role: p.role,
    tokenId: p.tokenId,
  };
}
