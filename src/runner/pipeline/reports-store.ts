import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { runReports } from '../../../db/schema/index.ts';
import type { RunHeader, RunReportKind } from '../../reports/run/index.ts';
import type { RunContext } from './run-context.ts';

export async function saveReport(db: Db, runId: string, kind: RunReportKind, body: unknown, now: Date) {
  await reportStatement(db, runId, kind, body, now);
}

/** Storing a report as a statement, for a batch that commits it with the work it reports on. */
export const reportStatement = (db: Db, runId: string, kind: RunReportKind, body: unknown, now: Date) =>
  db
    .insert(runReports)
    .values({ runId, kind, body: JSON.stringify(body), createdAt: now })
    .onConflictDoUpdate({ target: [runReports.runId, runReports.kind], set: { body: JSON.stringify(body), createdAt: now } });

export async function readReport<T>(db: Db, runId: string, kind: RunReportKind): Promise<T | null> {
  const row = await db.query.runReports.findFirst({ where: and(eq(runReports.runId, runId), eq(runReports.kind, kind)) });
  return row ? (JSON.parse(row.body) as T) : null;
}

/** The heading every run report carries; the destination is named by its URL, never its key. */
export const runHeader = (rc: RunContext, now: Date): RunHeader => ({
  runId: rc.run.id,
  scopeName: rc.scopeName,
  scopeVersion: rc.run.scopeVersion,
  mode: rc.run.mode,
  source: rc.sourcePlatform,
  destination: rc.destination.baseUrl,
  startedAt: rc.run.startedAt?.toISOString() ?? null,
  finishedAt: rc.run.finishedAt?.toISOString() ?? null,
  generatedAt: now.toISOString(),
  status: rc.run.status,
});
