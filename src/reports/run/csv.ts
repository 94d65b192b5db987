import { toCsv } from '../csv.ts';
import type { AuditRow, Reconciliation } from './input.ts';

/** One line per object with every reconciliation count. */
export const reconciliationCsv = (rec: Reconciliation) =>
  toCsv(
    ['object', 'entity', 'source_rows', 'quarantined', 'merged', 'created', 'updated', 'skipped', 'conflicts', 'read_back', 'missing', 'hash_matched', 'hash_mismatched', 'ok'],
    rec.objects.map((o) => [o.object, o.entity, o.sourceRows, o.quarantined, o.merged, o.created, o.updated, o.skipped, o.conflicts, o.readBack, o.missing, o.hashMatched, o.hashMismatched, o.ok]),
  );

/** Every quarantined row, in the order the run recorded them, with full (uncut) keys and reasons. */
export const quarantineCsv = (rec: Reconciliation) =>
  toCsv(
    ['object', 'file', 'line', 'source_key', 'column', 'reason'],
    rec.quarantine.map((q) => [q.object, q.file, q.line, q.sourceKey, q.column, q.reason]),
  );

/** Every warning of a row that loaded with one: what it was loaded without, or what was changed, and what to do. */
export const warningsCsv = (rec: Reconciliation) =>
  toCsv(
    ['object', 'file', 'line', 'source_key', 'column', 'value', 'reason'],
    (rec.warnings ?? []).map((w) => [w.object, w.file, w.line, w.sourceKey, w.column, w.value, w.reason]),
  );

/** The ledger: one line per record written, with its before-image and what rollback did with it. */
export const auditCsv = (rows: AuditRow[]) =>
  toCsv(
    ['seq', 'at', 'object', 'entity', 'source_key', 'destination_id', 'op', 'batch_key', 'before', 'undo', 'undo_note', 'undone_at'],
    rows.map((r) => [r.seq, r.at, r.object, r.entity, r.sourceKey, r.destinationId, r.op, r.batchKey, r.before, r.undo, r.undoNote, r.undoneAt]),
  );
