import { findScope, findVersion, storedDiscovery, versionMapping } from '../../scoping/service/repository.ts';
import { isRunnable } from '../../scoping/statuses.ts';
import type { Mapping } from '../../scoping/mapping/document.ts';
import type { ConnectorCtx, DestinationSession, SourceSession } from '../protocol.ts';
import { decryptSecret } from '../service/credentials.ts';
import { openSecrets } from '../service/source-secrets.ts';
import { planLimits } from '../budget/plan-limits.ts';
import type { SharedRateBudget } from '../budget/rate-budget.ts';
import type { PlanId } from '../../../rules/schema/platform.ts';
import type { RunnerDeps } from './deps.ts';
import { planObjects, type PlanObject } from './plan.ts';
import type { RunRow } from './run-store.ts';
import { createCallTally, type CallTally } from './call-tally.ts';

export interface DestinationConfig {
  kind: string;
  baseUrl: string;
  plan: string;
}

/** A run with what every phase reads: its scope's approved mapping, the load plan and open connector sessions. */
export interface RunContext {
  run: RunRow;
  scopeName: string;
  sourcePlatform: string;
  mapping: Mapping;
  plan: PlanObject[];
  destination: DestinationConfig;
  budget: SharedRateBudget;
  /** Counts this run's calls through the shared budget, by step. */
  calls: CallTally;
  ctx: ConnectorCtx;
  source(): Promise<SourceSession>;
  target(): Promise<DestinationSession>;
}

/** The account's budget: plan limits from the knowledge base, one budget per destination URL. */
export function budgetFor(deps: RunnerDeps, destination: DestinationConfig): SharedRateBudget {
  return deps.budgets.for(new URL(destination.baseUrl).host, planLimits(destination.plan as PlanId));
}

export class RunStopped extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

/**
 * Loads a run's context, re-checking that its scope version is still the signed-off one it started from:
 * a mapping edited since then must not be loaded under the old sign-off.
 */
export async function loadRunContext(deps: RunnerDeps, run: RunRow, signal: AbortSignal): Promise<RunContext> {
  const scope = await findScope(deps.db, run.orgId, run.scopeId);
  const version = await findVersion(deps.db, run.scopeId, run.scopeVersion);
  if (version.hash !== run.mappingHash) throw new RunStopped(`scope ${scope.id} version ${version.version} changed since the run started (hash ${version.hash} ≠ ${run.mappingHash})`);
  // Undoing a run must stay possible after its scope moved on; writing must not.
  if (!isRunnable(version.status) && run.status !== 'rolling_back') {
    throw new RunStopped(`scope ${scope.id} version ${version.version} is ${version.status}, not signed off: load only what the customer signed`);
  }
  const mapping = versionMapping(version);
  const discovery = await storedDiscovery(deps.db, run.scopeId);
  const destination = JSON.parse(run.destination) as DestinationConfig;
  const budget = budgetFor(deps, destination);
  const calls = createCallTally(budget);
  const ctx: ConnectorCtx = { signal, fetch: deps.fetch, now: deps.now, sleep: deps.sleep, log: deps.log, budget: calls.budget };
  const sourceConfig = JSON.parse(run.source) as { kind: string } & Record<string, unknown>;
  return {
    run,
    scopeName: scope.name,
    sourcePlatform: scope.source,
    mapping,
    plan: planObjects(mapping, discovery.files, { sourcePlatform: scope.source, destinationPlan: destination.plan }),
    destination,
    budget,
    calls,
    ctx,
    source: async () => {
      const connector = deps.sources[sourceConfig.kind];
      if (!connector) throw new RunStopped(`source kind "${sourceConfig.kind}" is not available in this runtime`);
      // Sources get a context of their own: their calls are not the destination's and must not spend its budget.
      const sourceCtx: ConnectorCtx = { ...ctx, budget: undefined };
      return connector.open(connector.configSchema.parse(await openSecrets(sourceConfig, await deps.credentialKey())), sourceCtx);
    },
    target: async () => {
      const connector = deps.destinations[destination.kind];
      if (!connector) throw new RunStopped(`destination kind "${destination.kind}" is not available`);
      const apiKey = await decryptSecret(await deps.credentialKey(), run.destinationSecret);
      return connector.open(connector.configSchema.parse({ ...destination, apiKey }), ctx);
    },
  };
}
