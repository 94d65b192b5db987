import { and, desc, eq, isNull } from 'drizzle-orm';
import { runLedger } from '../../../db/schema/index.ts';
import type { RollbackReport, RunHeader } from '../../reports/run/input.ts';
import type { DestinationDescription, DestinationEntity, DestinationSession } from '../protocol.ts';
import { compareRecord } from '../transform/index.ts';
import type { UndoOutcome } from '../statuses.ts';
import { moduleOfEntity } from './custom-module-kinds.ts';
import { moduleRecordsNow, undoModuleRecord } from './custom-module-readback.ts';
import type { RunnerDeps } from './deps.ts';
import { isFileEntity } from './documents-kinds.ts';
import { filesNow, undoFile } from './documents-rollback.ts';
import { isListEntity } from './lists-kinds.ts';
import { listsNow, undoListRows } from './lists-rollback.ts';
import type { RunContext } from './run-context.ts';

/** Fields of a before-image that are the record's own data, not bookkeeping Freshsales keeps. */
const BOOKKEEPING = new Set(['id', 'created_at', 'updated_at', 'display_name', 'avatar', 'links', 'last_contacted', 'last_contacted_mode', 'recent_note', 'web_form_ids', 'work_email', 'emails', 'is_deleted']);
const restorable = (before: Record<string, unknown>) => Object.fromEntries(Object.entries(before).filter(([k, v]) => !BOOKKEEPING.has(k) && v !== undefined));

/**
 * Undoes a run by walking its ledger backwards (deals before the contacts and accounts they point at): records it
 * created are deleted and purged, records it updated get their before-image back. Each ledger row records its
 * outcome as it goes, so an interrupted rollback resumes where it stopped.
 */
export async function undoLedger(deps: RunnerDeps, rc: RunContext, session: DestinationSession): Promise<void> {
  const { db } = deps;
  for (;;) {
    const page = await db
      .select()
      .from(runLedger)
      .where(and(eq(runLedger.runId, rc.run.id), isNull(runLedger.undo)))
      .orderBy(desc(runLedger.seq))
      .limit(50);
    if (page.length === 0) return;
    // Lists and memberships first, a list at a time rather than a call per row.
    const listed = await undoListRows(deps, rc, session, page);
    for (const entry of page) {
      const entity = entry.entity as DestinationEntity;
      let outcome: UndoOutcome;
      let note: string | null = null;
      try {
        const list = listed.get(entry);
        if (list) ({ outcome, note } = list);
        else if (isFileEntity(entry.entity)) outcome = await undoFile(deps, rc, session, entry.entity, entry.destinationId);
        else if (moduleOfEntity(entry.entity)) outcome = await undoModuleRecord(session, entry.entity, entry.destinationId);
        else if (entry.op === 'created') outcome = await session.remove(entity, entry.destinationId);
        else outcome = await session.restore(entity, entry.destinationId, restorable(JSON.parse(entry.before!)));
        if (outcome === 'gone') note ??= 'the record was no longer in Freshsales';
      } catch (e) {
        if (rc.ctx.signal.aborted) throw e;
        outcome = 'failed';
        note = (e as Error).message;
      }
      await db
        .update(runLedger)
        .set({ undo: outcome, undoNote: note, undoneAt: deps.now() })
        .where(and(eq(runLedger.runId, entry.runId), eq(runLedger.object, entry.object), eq(runLedger.sourceKey, entry.sourceKey)));
      rc.ctx.signal.throwIfAborted();
    }
  }
}

/** Reads every touched record back: created ones must be gone, updated ones must match their before-image again. */
export async function verifyRollback(deps: RunnerDeps, rc: RunContext, session: DestinationSession, destination: DestinationDescription, header: RunHeader): Promise<RollbackReport> {
  const { db } = deps;
  const entries = await db.select().from(runLedger).where(eq(runLedger.runId, rc.run.id)).orderBy(desc(runLedger.seq));
  const report: RollbackReport = { header, ok: true, deleted: 0, restored: 0, gone: 0, conflicts: 0, failed: 0, problems: [] };
  const problem = (e: (typeof entries)[number], outcome: string, note: string) => {
    report.ok = false;
    report.problems.push({ object: e.object, sourceKey: e.sourceKey, destinationId: e.destinationId, outcome, note });
  };
  for (let i = 0; i < entries.length; i += deps.tuning.readBackBatch) {
    const slice = entries.slice(i, i + deps.tuning.readBackBatch);
    for (const entity of new Set(slice.map((e) => e.entity))) {
      const mine = slice.filter((e) => e.entity === entity);
      const ids = mine.map((e) => e.destinationId);
      const now = isFileEntity(entity)
        ? await filesNow(deps, rc, session, entity, ids)
        : isListEntity(entity)
          ? await listsNow(session, entity, ids)
          : moduleOfEntity(entity)
            ? await moduleRecordsNow(session, entity, ids)
            : await session.fetch(entity as DestinationEntity, ids);
      for (const e of mine) {
        const current = now.get(e.destinationId) ?? null;
        if (e.undo === 'failed') {
          report.failed++;
          problem(e, 'failed', e.undoNote ?? 'undo failed');
        } else if (e.op === 'created') {
          if (current) problem(e, 'still present', 'Ferry created this record and deleted it, but it reads back as present');
          else if (e.undo === 'gone') report.gone++;
          else report.deleted++;
        } else if (!current) {
          report.gone++;
          problem(e, 'gone', 'Ferry updated this record; it is no longer in Freshsales, so its earlier state could not be put back');
        } else {
          const diffs = compareRecord(restorable(JSON.parse(e.before!)), current, destination, entity as DestinationEntity).filter((d) => !d.match);
          if (diffs.length) {
            report.conflicts++;
            problem(e, 'conflict', `reads back different from before the run: ${diffs.map((d) => `${d.field} is ${JSON.stringify(d.actual)}, was ${JSON.stringify(d.expected)}`).join('; ')}`);
          } else report.restored++;
        }
      }
    }
    rc.ctx.signal.throwIfAborted();
  }
  return report;
}
