import { and, eq, inArray } from 'drizzle-orm';
import { runLedger } from '../../../db/schema/index.ts';
import type { RunnerDeps } from './deps.ts';

export interface LastWrite {
  runId: string;
  destinationId: string;
  /** The hash of the mapped fields written: an unchanged row need not be written again. */
  hash: string;
  /** How Freshsales showed the record after the write: a different state now means it was edited there since. */
  settledAt: string | null;
  settledFingerprint: string | null;
}

/**
 * What the runs a delta builds on last wrote for these rows of `object`, by source key: the newest run of `runIds`
 * (given newest first) wins.
 */
export async function lastWrites(deps: Pick<RunnerDeps, 'db'>, runIds: string[], object: string, sourceKeys: string[]): Promise<Map<string, LastWrite>> {
  if (runIds.length === 0 || sourceKeys.length === 0) return new Map();
  const rows = await deps.db
    .select({
      runId: runLedger.runId,
      sourceKey: runLedger.sourceKey,
      destinationId: runLedger.destinationId,
      hash: runLedger.hash,
      settledAt: runLedger.settledAt,
      settledFingerprint: runLedger.settledFingerprint,
    })
    .from(runLedger)
    .where(and(inArray(runLedger.runId, runIds), eq(runLedger.object, object), inArray(runLedger.sourceKey, sourceKeys)));
  rows.sort((a, b) => runIds.indexOf(b.runId) - runIds.indexOf(a.runId));
  return new Map(rows.map(({ sourceKey, ...w }) => [sourceKey, w]));
}
