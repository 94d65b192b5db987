import type { ReportDocument } from '../document.ts';
import type { RollbackReport } from './input.ts';
import { count, plural, runHeaderLine, runMeta } from './meta.ts';
import { clip } from './values.ts';

/** What rolling a run back did: records deleted or restored, and every one it could not undo. */
export function rollbackReport(r: RollbackReport): ReportDocument {
  const h = r.header;
  const undone = `${plural(r.deleted, 'created record', 'created records')} deleted, ${plural(r.restored, 'updated record', 'updated records')} restored to their earlier values, ${count(r.gone)} already gone from Freshsales.`;
  return {
    title: 'Rollback',
    subtitle: `${h.scopeName}: ${h.mode} run ${h.runId} undone`,
    meta: runMeta(h),
    header: runHeaderLine('Rollback', h),
    blocks: [
      r.ok
        ? { kind: 'callout', title: 'Rolled back', text: `Freshsales is as it was before this run. ${undone}`, tone: 'success' }
        : {
            kind: 'callout',
            title: 'Not fully rolled back',
            text: `${plural(r.conflicts, 'record was', 'records were')} changed in Freshsales since the run wrote them and left alone; ${plural(r.failed, 'record', 'records')} could not be undone. ${undone}`,
            tone: 'warning',
          },
      {
        kind: 'keyValue',
        rows: [
          { label: 'Deleted', value: count(r.deleted) },
          { label: 'Restored', value: count(r.restored) },
          { label: 'Already gone', value: count(r.gone) },
          { label: 'Left alone (changed since)', value: count(r.conflicts) },
          { label: 'Failed', value: count(r.failed) },
        ],
      },
      { kind: 'heading', text: 'Records not undone', level: 1 },
      {
        kind: 'table',
        columns: [
          { label: 'Object', width: 0.9 },
          { label: 'Source key', width: 1.2 },
          { label: 'Freshsales id', width: 1 },
          { label: 'Outcome', width: 0.8 },
          { label: 'Note', width: 3 },
        ],
        rows: r.problems.map((p) => ({ cells: [p.object, clip(p.sourceKey, 60), p.destinationId, p.outcome, clip(p.note)], tone: 'warning' as const })),
        emptyText: 'None: every record the run wrote was undone.',
      },
    ],
  };
}
