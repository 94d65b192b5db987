import type { LedgerOp, RunMode } from '../../runner/statuses.ts';

/**
 * The plain inputs of the run reports, as the pipeline stores them in run_reports (and the ledger for the audit
 * CSV). The builders are pure: everything they show is in here.
 */

export interface RunHeader {
  runId: string;
  scopeName: string;
  scopeVersion: number;
  mode: RunMode;
  source: string;
  /** The destination's base URL, never its API key. */
  destination: string;
  /** ISO-8601 timestamps. */
  startedAt: string | null;
  finishedAt: string | null;
  generatedAt: string;
  status: string;
}

/** One mapped field of one record: the source cell, what Ferry meant to write, and what Freshsales holds. */
export interface FieldDiff {
  field: string;
  label: string;
  /** The source column the value came from; null for values Ferry derives (provenance fields, owners…). */
  column: string | null;
  source: unknown;
  expected: unknown;
  actual: unknown;
  match: boolean;
}

export interface SampleDiff {
  header: RunHeader;
  records: {
    object: string;
    entity: string;
    sourceKey: string;
    file: string;
    line: number;
    destinationId: string | null;
    fields: FieldDiff[];
  }[];
  summary: { records: number; fields: number; mismatches: number };
}

export interface ObjectReconciliation {
  object: string;
  entity: string;
  sourceRows: number;
  quarantined: number;
  merged: number;
  created: number;
  updated: number;
  skipped: number;
  conflicts: number;
  readBack: number;
  missing: number;
  hashMatched: number;
  hashMismatched: number;
  ok: boolean;
}

export interface QuarantinedRow {
  object: string;
  file: string;
  line: number;
  sourceKey: string | null;
  column: string | null;
  reason: string;
}

/** One thing a loaded row was written without (a link whose record is missing) or had changed to load. */
export interface WarnedRow {
  object: string;
  file: string;
  line: number;
  sourceKey: string | null;
  column: string | null;
  value: string | null;
  /** What happened and what to do about it. */
  reason: string;
}

export interface Reconciliation {
  header: RunHeader;
  ok: boolean;
  objects: ObjectReconciliation[];
  quarantine: QuarantinedRow[];
  /** Rows that loaded with a warning, one entry per warning (absent from reports stored before warnings existed). */
  warnings?: WarnedRow[];
  mismatches: { object: string; sourceKey: string; destinationId: string; fields: FieldDiff[] }[];
  conflicts: { object: string; sourceKey: string; destinationId: string; reason: string }[];
}

/** One ledger row as the audit trail shows it. */
export interface AuditRow {
  seq: number;
  at: string;
  object: string;
  entity: string;
  sourceKey: string;
  destinationId: string;
  op: LedgerOp;
  batchKey: string;
  /** The destination record before the run wrote it (updates only), as JSON. */
  before: string | null;
  undo: string | null;
  undoNote: string | null;
  undoneAt: string | null;
}

export interface RollbackReport {
  header: RunHeader;
  ok: boolean;
  deleted: number;
  restored: number;
  gone: number;
  conflicts: number;
  failed: number;
  problems: { object: string; sourceKey: string; destinationId: string; outcome: string; note: string }[];
}
