import type { Db } from '../../../db/client.ts';
import type { Estimate } from '../../estimator/estimate.ts';
import type { KnowledgeBase } from '../../../rules/index.ts';
import type { PlanId } from '../../../rules/schema/platform.ts';
import { mergeInventory } from '../discovery/merge.ts';
import type { MappingContext } from '../mapping/context.ts';
import { openQuestions } from '../mapping/questions.ts';
import type { ScopingRules } from '../rules.ts';
import { findScope, findVersion, rememberedMappings, storedDiscovery, versionMapping } from './repository.ts';

export interface ScopingDeps {
  db: Db;
  kb: KnowledgeBase;
  rules: ScopingRules;
}

/** Everything known about a scope: its row, the quote it came from, mapping context, discovery, current version and open questions. */
export async function loadScopeState(deps: ScopingDeps, orgId: string, id: string) {
  const scope = await findScope(deps.db, orgId, id);
  const source = deps.kb.source(scope.source)!;
  const destination = deps.kb.destination(scope.destination)!;
  const ctx: MappingContext = {
    rules: deps.rules,
    source,
    destination,
    pair: deps.kb.pair(source.id, destination.id)!,
    plan: scope.plan as PlanId,
    edition: scope.edition,
    memory: await rememberedMappings(deps.db, scope.orgId, scope.source, scope.destination),
  };
  const discovery = await storedDiscovery(deps.db, scope.id);
  const inventory = mergeInventory(discovery.files);
  const version = scope.currentVersion ? await findVersion(deps.db, scope.id, scope.currentVersion) : undefined;
  const mapping = version ? versionMapping(version) : undefined;
  const questions = mapping ? openQuestions(mapping, ctx, discovery.files) : [];
  const quote = JSON.parse(scope.quote) as Estimate;
  return { scope, quote, ctx, discovery, inventory, version, mapping, questions };
}
export type ScopeState = Awaited<ReturnType<typeof loadScopeState>>;
