import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { LEDGER_OPS, PAUSE_REASONS, ROW_STATUSES, RUN_MODES, RUN_PHASES, RUN_STATUSES, UNDO_OUTCOMES } from '../../src/runner/statuses.ts';
import { RUN_REPORT_KINDS } from '../../src/reports/run/index.ts';
import { createdAt } from './columns.ts';
import { organisations } from './organisations.ts';
import { scopes } from './scopes.ts';
import { users } from './users.ts';

/** One execution of a signed-off scope version into a destination account. */
export const runs = sqliteTable(
  'runs',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    scopeId: text('scope_id').notNull().references(() => scopes.id),
    scopeVersion: integer('scope_version').notNull(),
    /** The mapping hash the run was started against; checked again before every phase. */
    mappingHash: text('mapping_hash').notNull(),
    mode: text('mode', { enum: RUN_MODES }).notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    phase: text('phase', { enum: RUN_PHASES }),
    pauseReason: text('pause_reason', { enum: PAUSE_REASONS }),
    /** The status to go back to on resume. */
    pausedFrom: text('paused_from', { enum: RUN_STATUSES }),
    /** A delta builds on a full run; a full run may adopt a sample run's records. */
    parentRunId: text('parent_run_id'),
    /** Source config as JSON (no secrets). */
    source: text('source').notNull(),
    /** Destination kind, base URL and plan as JSON; the API key sits encrypted in `destination_secret`. */
    destination: text('destination').notNull(),
    destinationSecret: text('destination_secret').notNull(),
    /** Run options (sample size, …) as JSON. */
    options: text('options').notNull(),
    /** Per-object counts and progress as JSON, rewritten as the run goes. */
    progress: text('progress').notNull(),
    /** The newest source cursor seen by extract (delta picks up after it). */
    cursor: text('cursor'),
    error: text('error'),
    createdBy: text('created_by').notNull().references(() => users.id),
    ...createdAt,
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('runs_org').on(t.orgId, t.createdAt), index('runs_scope').on(t.scopeId), index('runs_status').on(t.status)],
);

/**
 * Staging: one row per source row and mapping object. Extract fills `raw`; transform fills the rest. Only the run
 * needs the customer's rows, so they are deleted with the run's staging once it is rolled back or purged.
 */
export const runRows = sqliteTable(
  'run_rows',
  {
    runId: text('run_id').notNull(),
    /** The mapping object row (e.g. contact, transaction). */
    object: text('object').notNull(),
    file: text('file').notNull(),
    line: integer('line').notNull(),
    raw: text('raw').notNull(),
    status: text('status', { enum: ROW_STATUSES }).notNull(),
    sourceKey: text('source_key'),
    /** The transformed record (identifier, data, refs, owner) as JSON. */
    data: text('data'),
    /** sha-256 of the mapped fields, compared on read-back and by delta. */
    hash: text('hash'),
    reason: text('reason'),
    /** For quarantine: the field at fault. For merged rows: the source key they were folded into. */
    detail: text('detail'),
    cursor: text('cursor'),
    /** Rows sharing it are one record (the normalised email): transform keeps the newest and merges the rest. */
    dedupeKey: text('dedupe_key'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.object, t.file, t.line] }),
    index('run_rows_key').on(t.runId, t.object, t.sourceKey),
    // Phases page through one object's rows of one status in file order: this index serves them without a sort.
    index('run_rows_status').on(t.runId, t.object, t.status, t.file, t.line),
    index('run_rows_dedupe').on(t.runId, t.object, t.dedupeKey),
  ],
);

/** The values other objects' relationships look rows up by (an id, an email, a name), normalised. */
export const runKeys = sqliteTable(
  'run_keys',
  {
    runId: text('run_id').notNull(),
    object: text('object').notNull(),
    column: text('column').notNull(),
    value: text('value').notNull(),
    sourceKey: text('source_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.object, t.column, t.value] })],
);

/** The phase bookmarks: a checkpoint moves only in the same transaction as the work before it. */
export const runCheckpoints = sqliteTable(
  'run_checkpoints',
  {
    runId: text('run_id').notNull(),
    /** e.g. extract:contacts.csv, load:contact. */
    name: text('name').notNull(),
    state: text('state').notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.name] })],
);

/** Destination records as they were before the run touched them (the before-images rollback restores). */
export const runSnapshot = sqliteTable(
  'run_snapshot',
  {
    runId: text('run_id').notNull(),
    entity: text('entity').notNull(),
    destinationId: text('destination_id').notNull(),
    /** The identifier values that could match this record (email, name, source-id field), lower-cased, as JSON list. */
    keys: text('keys').notNull(),
    record: text('record').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.entity, t.destinationId] })],
);

/** One row per record written: what rollback replays and the audit trail shows. */
export const runLedger = sqliteTable(
  'run_ledger',
  {
    runId: text('run_id').notNull(),
    seq: integer('seq').notNull(),
    object: text('object').notNull(),
    entity: text('entity').notNull(),
    sourceKey: text('source_key').notNull(),
    destinationId: text('destination_id').notNull(),
    op: text('op', { enum: LEDGER_OPS }).notNull(),
    /** The destination record before this run wrote it (updates only), as JSON. */
    before: text('before'),
    hash: text('hash').notNull(),
    batchKey: text('batch_key').notNull(),
    writtenAt: integer('written_at', { mode: 'timestamp_ms' }).notNull(),
    /** The record's updated_at as Freshsales showed it on read-back: a later edit there changes it (delta conflicts). */
    settledAt: text('settled_at'),
    /** Hash of everything else the record held on read-back: Freshsales stamps updated_at to the second, so an edit in that second shows only here. */
    settledFingerprint: text('settled_fingerprint'),
    undo: text('undo', { enum: UNDO_OUTCOMES }),
    undoNote: text('undo_note'),
    undoneAt: integer('undone_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.object, t.sourceKey] }),
    index('run_ledger_seq').on(t.runId, t.seq),
    index('run_ledger_dest').on(t.entity, t.destinationId),
    // Rollback takes the newest rows not yet undone, again and again: this index finds them without skipping.
    index('run_ledger_undo').on(t.runId, t.undo, t.seq),
  ],
);

/** Reports computed at the end of a phase (sample diff, reconciliation, rollback verification), as JSON. */
export const runReports = sqliteTable(
  'run_reports',
  {
    runId: text('run_id').notNull(),
    kind: text('kind', { enum: RUN_REPORT_KINDS }).notNull(),
    body: text('body').notNull(),
    ...createdAt,
  },
  (t) => [primaryKey({ columns: [t.runId, t.kind] })],
);
