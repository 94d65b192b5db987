import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { runRows } from '../../../db/schema/index.ts';
import type { RowStatus } from '../statuses.ts';

export type StagedRow = typeof runRows.$inferSelect;

/** The next rows of an object in a status, in file order: after (file, line) when paging without changing status. */
export async function rowsOf(db: Db, runId: string, object: string, status: RowStatus, limit: number, after?: { file: string; line: number }) {
  return db
    .select()
    .from(runRows)
    .where(
      and(
        eq(runRows.runId, runId),
        eq(runRows.object, object),
        eq(runRows.status, status),
        after ? or(gt(runRows.file, after.file), and(eq(runRows.file, after.file), gt(runRows.line, after.line))) : undefined,
      ),
    )
    .orderBy(asc(runRows.file), asc(runRows.line))
    .limit(limit);
}

/** Every row of an object in a status, page by page, for phases that do not change the status they page by. */
export async function* pagesOf(db: Db, runId: string, object: string, status: RowStatus, size: number): AsyncGenerator<StagedRow[]> {
  let after: { file: string; line: number } | undefined;
  for (;;) {
    const page = await rowsOf(db, runId, object, status, size, after);
    if (page.length === 0) return;
    yield page;
    const last = page[page.length - 1]!;
    after = { file: last.file, line: last.line };
  }
}

export const rowKey = (r: Pick<StagedRow, 'runId' | 'object' | 'file' | 'line'>) =>
  and(eq(runRows.runId, r.runId), eq(runRows.object, r.object), eq(runRows.file, r.file), eq(runRows.line, r.line));

/** Row counts by object and status. */
export async function rowCounts(db: Db, runId: string) {
  return db
    .select({ object: runRows.object, status: runRows.status, n: sql<number>`count(*)` })
    .from(runRows)
    .where(eq(runRows.runId, runId))
    .groupBy(runRows.object, runRows.status);
}
