import { and, eq, inArray } from 'drizzle-orm';
import { runLedger, runRows } from '../../../db/schema/index.ts';
import type { RunnerDeps } from './deps.ts';
import type { RunContext } from './run-context.ts';
import { readCheckpoint, writeCheckpoint } from './run-store.ts';
import { pagesOf, rowKey } from './staging.ts';

/**
 * A delta loads only what changed: a ready row whose mapped fields hash the same as what the runs it builds on
 * wrote is skipped. New rows and changed rows stay ready (changed ones are checked for edits in Freshsales at load).
 */
export async function skipUnchanged(deps: RunnerDeps, rc: RunContext, parents: string[]): Promise<void> {
  const { db } = deps;
  if ((await readCheckpoint(db, rc.run.id, 'delta')) !== null) return;
  for (const p of rc.plan.filter((x) => x.entity)) {
    for await (const page of pagesOf(db, rc.run.id, p.object, 'ready', 500)) {
      const written = await db
        .select({ sourceKey: runLedger.sourceKey, hash: runLedger.hash, runId: runLedger.runId })
        .from(runLedger)
        .where(and(inArray(runLedger.runId, parents), eq(runLedger.object, p.object), inArray(runLedger.sourceKey, page.map((r) => r.sourceKey!))));
      written.sort((a, b) => parents.indexOf(b.runId) - parents.indexOf(a.runId));
      const last = new Map(written.map((w) => [w.sourceKey, w]));
      const statements = page
        .filter((r) => last.get(r.sourceKey!)?.hash === r.hash)
        .map((r) => db.update(runRows).set({ status: 'skipped', reason: `unchanged since run ${last.get(r.sourceKey!)!.runId}` }).where(rowKey(r)));
      if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    }
  }
  await db.batch([writeCheckpoint(db, rc.run.id, 'delta', true, deps.now())]);
}
