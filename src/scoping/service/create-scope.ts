import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { estimates, scopes } from '../../../db/schema/index.ts';
import type { KnowledgeBase } from '../../../rules/index.ts';
import { estimate, type Estimate } from '../../estimator/estimate.ts';
import type { EstimateInputRaw } from '../../estimator/input.ts';
import type { EstimatorRules } from '../../estimator/rules.ts';
import { DEFAULT_EDITION, type Edition } from '../editions.ts';
import { ScopeError } from './errors.ts';

export interface CreateScope {
  name: string;
  /** A stored quote to start from… */
  estimateId?: string;
  /** …or the same input as a quote, priced afresh. */
  estimate?: EstimateInputRaw;
  /** The Freshsales edition the customer runs; Suite when not said. */
  edition?: Edition;
}

/** A new scope in `draft`, carrying the quote it came from; discovery then produces its first mapping version. */
export async function createScope(deps: { db: Db; kb: KnowledgeBase; rules: EstimatorRules; newId: () => string }, who: { orgId: string; userId: string }, body: CreateScope) {
  if (!!body.estimateId === !!body.estimate) throw new ScopeError('BAD_REQUEST', 'give exactly one of estimateId or estimate', [{ path: 'estimateId', message: 'give exactly one of estimateId or estimate' }]);
  let quote: Estimate;
  if (body.estimateId) {
    const row = await deps.db.query.estimates.findFirst({ where: eq(estimates.id, body.estimateId) });
    if (!row) throw new ScopeError('BAD_REQUEST', `estimate ${body.estimateId} not found`, [{ path: 'estimateId', message: 'no such estimate' }]);
    quote = JSON.parse(row.body) as Estimate;
  } else {
    quote = await estimate({ kb: deps.kb, rules: deps.rules }, body.estimate!);
  }
  const now = new Date();
  const id = deps.newId();
  await deps.db.insert(scopes).values({
    id,
    orgId: who.orgId,
    name: body.name,
    source: quote.source.id,
    destination: quote.destination.id,
    plan: quote.plan.id,
    edition: body.edition ?? DEFAULT_EDITION,
    estimateId: body.estimateId ?? null,
    input: JSON.stringify(quote.input),
    quote: JSON.stringify(quote),
    status: 'draft',
    currentVersion: 0,
    createdBy: who.userId,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}
