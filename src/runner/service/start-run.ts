import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import { runs } from '../../../db/schema/index.ts';
import { findScope, findVersion, storedDiscovery, versionMapping } from '../../scoping/service/repository.ts';
import type { InventoryFile } from '../../scoping/discovery/inventory.ts';
import { editionMismatch } from '../../scoping/editions.ts';
import { isRunnable } from '../../scoping/statuses.ts';
import type { RunnerDeps } from '../pipeline/deps.ts';
import { isTerminal, RUN_MODES, RUN_STATUSES } from '../statuses.ts';
import { encryptSecret } from './credentials.ts';
import { sealSecrets } from './source-secrets.ts';
import { completeManualStep, unknownSteps } from './manual-steps.ts';
import type { Mapping } from '../../scoping/mapping/document.ts';
import { RunError } from './errors.ts';

export const StartRunInput = z
  .object({
    scopeId: z.string().min(1),
    /** Defaults to the scope's current version. */
    scopeVersion: z.number().int().positive().optional(),
    mode: z.enum(RUN_MODES),
    /** A delta builds on a completed full run of the same scope; defaults to the newest one. */
    parentRunId: z.string().min(1).optional(),
    source: z.looseObject({ kind: z.string().min(1) }),
    destination: z
      .object({
        kind: z.literal('freshsales'),
        baseUrl: z.url({ protocol: /^https?$/ }),
        apiKey: z.string().min(8),
        plan: z.string().min(1),
      })
      .strict(),
    options: z
      .object({
        sampleSize: z.number().int().min(1).max(5000).optional(),
        /** Manual steps of the source platform already done when the run is queued (e.g. the export was received last week). */
        stepsDone: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
export type StartRunInput = z.infer<typeof StartRunInput>;

/** Each file of the scope with the source object it holds and its headers: what an API source reads in its place. */
const scopeStreams = (mapping: Mapping, files: InventoryFile[]) =>
  Object.fromEntries(mapping.objects.flatMap((o) => o.files.map((f) => [f, { object: o.sourceObject, columns: files.find((x) => x.name === f)?.columns.map((c) => c.header) ?? [] }])));

async function parentFor(db: Db, orgId: string, scopeId: string, given: string | undefined) {
  if (given) {
    const parent = await db.query.runs.findFirst({ where: and(eq(runs.id, given), eq(runs.orgId, orgId)) });
    if (!parent) throw new RunError('NOT_FOUND', `run ${given} not found`);
    if (parent.scopeId !== scopeId || parent.mode !== 'full' || parent.status !== 'completed') {
      throw new RunError('CONFLICT', `a delta builds on a completed full run of the same scope; run ${given} is a ${parent.status} ${parent.mode} run of scope ${parent.scopeId}`);
    }
    return parent;
  }
  const parent = await db.query.runs.findFirst({ where: and(eq(runs.scopeId, scopeId), eq(runs.mode, 'full'), eq(runs.status, 'completed')), orderBy: desc(runs.createdAt) });
  if (!parent) throw new RunError('CONFLICT', `scope ${scopeId} has no completed full run for a delta to build on`);
  return parent;
}

/**
 * Queues a run of a signed-off scope version. Refused when the version is not signed off, when its content hash no
 * longer matches what was signed, when the source config is not one this runtime reads, or when another run of the
 * scope is still writing. The API key is encrypted before it is stored and never shown again.
 */
export async function startRun(deps: Pick<RunnerDeps, 'db' | 'kb' | 'sources' | 'destinations' | 'credentialKey' | 'now'>, principal: { orgId: string; userId: string }, input: StartRunInput) {
  const { db } = deps;
  const scope = await findScope(db, principal.orgId, input.scopeId);
  const version = await findVersion(db, scope.id, input.scopeVersion ?? scope.currentVersion);
  if (!isRunnable(version.status)) {
    throw new RunError('CONFLICT', `scope ${scope.id} version ${version.version} is ${version.status}: only a version the customer signed off can run`, { scopeVersion: version.version, status: version.status });
  }
  const source = deps.sources[input.source.kind];
  if (!source) throw new RunError('BAD_REQUEST', `source.kind: "${input.source.kind}" is not one of ${Object.keys(deps.sources).join(', ') || 'none on this runtime'}`);
  const raw = { ...input.source };
  if (source.objectStreams && raw.streams === undefined) raw.streams = scopeStreams(versionMapping(version), (await storedDiscovery(db, scope.id)).files);
  const sourceConfig = source.configSchema.safeParse(raw);
  if (!sourceConfig.success) throw new RunError('BAD_REQUEST', `source: ${sourceConfig.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ')}`);
  // A Classic scope writes leads Suite has no place for, and a Suite scope writes leads as contacts a Classic account keeps apart.
  const wrongEdition = editionMismatch(scope.edition, input.destination.baseUrl);
  if (wrongEdition) throw new RunError('BAD_REQUEST', `destination.baseUrl: ${wrongEdition}`, { edition: scope.edition, baseUrl: input.destination.baseUrl });
  const plan = deps.kb.destination('freshsales')?.plans.find((p) => p.id === input.destination.plan);
  if (!plan) throw new RunError('BAD_REQUEST', `destination.plan: "${input.destination.plan}" is not a Freshsales plan (${deps.kb.destination('freshsales')?.plans.map((p) => p.id).join(', ')})`);
  const unknown = unknownSteps(deps.kb, scope.source, input.options.stepsDone ?? []);
  if (unknown) throw new RunError('BAD_REQUEST', `options.stepsDone: ${unknown}`);
  const busy = await db.query.runs.findFirst({ where: and(eq(runs.scopeId, scope.id), inArray(runs.status, RUN_STATUSES.filter((s) => !isTerminal(s)))) });
  if (busy) {
    throw new RunError('CONFLICT', `run ${busy.id} of this scope is ${busy.status}; finish, roll back or let it complete before starting another`, { runId: busy.id });
  }
  const parent = input.mode === 'delta' ? await parentFor(db, principal.orgId, scope.id, input.parentRunId) : null;
  if (input.mode !== 'delta' && input.parentRunId) throw new RunError('BAD_REQUEST', 'parentRunId: only a delta run builds on another run');

  const now = deps.now();
  const { apiKey, ...destination } = input.destination;
  const row = {
    id: `run_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`,
    orgId: principal.orgId,
    scopeId: scope.id,
    scopeVersion: version.version,
    mappingHash: version.hash,
    mode: input.mode,
    status: 'queued' as const,
    parentRunId: parent?.id ?? null,
    source: JSON.stringify(await sealSecrets(sourceConfig.data as Record<string, unknown>, source.secrets ?? [], await deps.credentialKey())),
    destination: JSON.stringify(destination),
    destinationSecret: await encryptSecret(await deps.credentialKey(), apiKey),
    options: JSON.stringify(input.options),
    progress: JSON.stringify({ phase: null }),
    createdBy: principal.userId,
    createdAt: now,
    updatedAt: now,
  };
  const { stepsDone = [], ...options } = input.options;
  await db.insert(runs).values({ ...row, options: JSON.stringify(options) });
  for (const step of stepsDone) await completeManualStep(db, deps.kb, { ...row, pauseReason: null, pausedFrom: null }, scope.source, step, principal.userId, 'done before the run was queued', now);
  return row.id;
}
