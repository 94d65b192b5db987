import { runKeys, runRows } from '../../../db/schema/index.ts';
import type { SourcePosition, SourceRow } from '../protocol.ts';
import { mappedHash, type TransformResult } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import type { RunContext } from './run-context.ts';
import { rowKey, rowsOf } from './staging.ts';

/**
 * Runs one object's staged rows through its transform, a page at a time: each row becomes ready with its record and
 * the keys other rows link by, or is quarantined (or skipped) with the reason. Each page is written in one batch.
 */
export async function stageRows(deps: RunnerDeps, rc: RunContext, object: string, transform: (row: SourceRow, at: SourcePosition) => TransformResult, afterPage?: (rows: number) => Promise<void>) {
  const { db } = deps;
  for (;;) {
    const page = await rowsOf(db, rc.run.id, object, 'staged', deps.tuning.transformBatch);
    if (page.length === 0) return;
    const statements = [];
    for (const row of page) {
      const result = transform(JSON.parse(row.raw) as SourceRow, { file: row.file, line: row.line });
      if (!result.ok) {
        statements.push(db.update(runRows).set({ status: result.skip ? 'skipped' : 'quarantined', reason: result.reason, detail: result.column ?? null }).where(rowKey(row)));
        continue;
      }
      const r = result.record;
      statements.push(
        db
          .update(runRows)
          .set({ status: 'ready', sourceKey: r.sourceKey, data: JSON.stringify(r), hash: await mappedHash(r.data), dedupeKey: r.dedupeKey ?? null, cursor: r.cursor ?? null })
          .where(rowKey(row)),
      );
      for (const [column, value] of Object.entries(r.keys)) {
        statements.push(db.insert(runKeys).values({ runId: rc.run.id, object, column, value, sourceKey: r.sourceKey }).onConflictDoNothing());
      }
    }
    await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    await afterPage?.(page.length);
    rc.ctx.signal.throwIfAborted();
  }
}
