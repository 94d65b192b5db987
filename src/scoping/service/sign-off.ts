import { signGrant, SignOffTokenError, verifyGrant } from '../signoff/token.ts';
import { canSignOff } from '../statuses.ts';
import { buildChecklist } from '../setup/checklist.ts';
import { ScopeError } from './errors.ts';
import { findScope, findVersion, versionMapping } from './repository.ts';
import { loadScopeState, type ScopingDeps } from './state.ts';

const DAY = 86_400_000;

/** A link for the customer to read and sign the approved current version; it dies when a newer version is saved. */
export async function issueSignOffLink(deps: ScopingDeps, orgId: string, scopeId: string, secret: string, days: number, now: number) {
  const scope = await findScope(deps.db, orgId, scopeId);
  const v = scope.currentVersion ? await findVersion(deps.db, scope.id, scope.currentVersion) : undefined;
  if (!v || !canSignOff(v.status)) throw new ScopeError('CONFLICT', `the current version must be approved before it can be sent for sign-off (it is ${v?.status ?? 'draft'})`);
  const expiresAt = now + days * DAY;
  const token = await signGrant({ scopeId: scope.id, version: v.version, hash: v.hash, expiresAt }, secret);
  return { token, version: v.version, hash: v.hash, expiresAt: new Date(expiresAt).toISOString() };
}

/** The scope behind a sign-off token, after checking signature and expiry; a tampered link is indistinguishable from a missing one. */
export async function openSignOffLink(deps: ScopingDeps, token: string, secret: string, now: number) {
  let grant;
  try {
    grant = await verifyGrant(token, secret, now);
  } catch (e) {
    if (e instanceof SignOffTokenError) throw new ScopeError(e.problem === 'expired' ? 'GONE' : 'NOT_FOUND', e.message);
    throw e;
  }
  const row = await deps.db.query.scopes.findFirst({ where: (s, { eq }) => eq(s.id, grant.scopeId) });
  if (!row) throw new ScopeError('NOT_FOUND', 'this sign-off link points at a scope that no longer exists');
  const state = await loadScopeState(deps, row.orgId, row.id);
  const version = await findVersion(deps.db, row.id, grant.version);
  if (version.status === 'superseded' || version.hash !== grant.hash)
    throw new ScopeError('GONE', `version ${grant.version} of this scope was replaced by a newer version; ask for a new sign-off link`);
  return { grant, state, version };
}

/** What the customer reads before signing: the approved version in plain terms, nothing internal. */
export function signOffSummary(opened: Awaited<ReturnType<typeof openSignOffLink>>) {
  const { state, version, grant } = opened;
  const mapping = versionMapping(version);
  const { quote } = state;
  const checklist = buildChecklist(mapping, state.ctx);
  return {
    scope: { name: state.scope.name, source: state.ctx.source.name, destination: state.ctx.destination.name, plan: state.scope.plan },
    version: version.version,
    hash: version.hash,
    status: version.status,
    approvedAt: version.approvedAt?.toISOString() ?? null,
    signedOff: version.signedOffAt ? { by: version.signedOffBy, at: version.signedOffAt.toISOString() } : null,
    expiresAt: new Date(grant.expiresAt).toISOString(),
    objects: mapping.objects.map((o) => ({
      from: `${state.ctx.source.name} ${o.sourceObject}`,
      to: o.destinationObject,
      records: o.rows,
      fields: o.fields.filter((f) => f.target.kind !== 'ignore').length,
      leftOut: o.fields.filter((f) => f.target.kind === 'ignore').map((f) => f.column),
    })),
    notMigrated: state.ctx.pair.notMigrated.map((n) => ({ item: n.item, reason: n.reason })),
    customFields: checklist.customFields.length,
    usersToInvite: checklist.users.map((u) => u.email),
    timeline: quote.timeline.calendar,
    price: { total: quote.price.total, currency: quote.price.currency },
  };
}
