import { and, eq } from 'drizzle-orm';
import { runReports } from '../../../db/schema/index.ts';
import type { DocumentPackageReport } from '../../reports/run/kb-input.ts';
import type { DestinationRecord, DestinationSession } from '../protocol.ts';
import type { RunnerDeps } from './deps.ts';
import { DOCUMENT_ENTITY } from './documents-kinds.ts';
import { PACKAGE_REPORT } from './kb-package.ts';
import { readReport } from './reports-store.ts';
import type { RunContext } from './run-context.ts';

/**
 * Undoes a file the run wrote: an uploaded document is deleted from Freshsales; an article is withdrawn with the run's
 * document package (the package a rolled-back run handed over is no longer its output). 'gone' when it already was.
 */
export async function undoFile(deps: RunnerDeps, rc: RunContext, session: DestinationSession, entity: string, id: string): Promise<'deleted' | 'gone'> {
  if (entity === DOCUMENT_ENTITY) {
    if (!session.documents) throw new Error(`document ${id}: this destination cannot delete documents`);
    return session.documents.remove(id);
  }
  const stored = await readReport<DocumentPackageReport>(deps.db, rc.run.id, PACKAGE_REPORT);
  if (!stored?.packages.some((p) => p.articles.some((a) => a.path === id))) return 'gone';
  await deps.db.delete(runReports).where(and(eq(runReports.runId, rc.run.id), eq(runReports.kind, PACKAGE_REPORT)));
  return 'deleted';
}

/** What is left of the files after a rollback: a document or article still there reads as present, else null. */
export async function filesNow(deps: RunnerDeps, rc: RunContext, session: DestinationSession, entity: string, ids: string[]): Promise<Map<string, DestinationRecord | null>> {
  if (entity === DOCUMENT_ENTITY) {
    const found = (await session.documents?.fetch(ids)) ?? new Map();
    return new Map(ids.map((id) => [id, found.get(id) ? { ...found.get(id)! } : null]));
  }
  const stored = await readReport<DocumentPackageReport>(deps.db, rc.run.id, PACKAGE_REPORT);
  const paths = new Set((stored?.packages ?? []).flatMap((p) => p.articles.map((a) => a.path)));
  return new Map(ids.map((id) => [id, paths.has(id) ? { id, path: id } : null]));
}
