/**
 * Every status a run can be in — the one list behind the db column, the zod schemas and the predicates below.
 * A run moves queued → extracting → transforming → (awaiting_owners) → loading → reconciling → completed; it can be
 * paused from any active status and resumes where it stopped; a finished run can be rolled back.
 */
export const RUN_STATUSES = [
  'queued',
  'extracting',
  'transforming',
  'awaiting_owners',
  'loading',
  'reconciling',
  'completed',
  'failed',
  'paused',
  'rolling_back',
  'rolled_back',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_MODES = ['sample', 'full', 'delta'] as const;
export type RunMode = (typeof RUN_MODES)[number];

/** The phases a working run passes through, in order; a run's `phase` is the last one it entered. */
export const RUN_PHASES = ['extracting', 'transforming', 'awaiting_owners', 'loading', 'reconciling'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

/** Why a run is paused: someone asked, the owner gate found unknown owners, or the destination's API budget ran out. */
export const PAUSE_REASONS = ['requested', 'owners', 'budget', 'manual_step'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/**
 * What became of one staged source row. `merged` rows were duplicates folded into another row (dedupe by email),
 * `skipped` rows were unchanged since the run a delta builds on, `conflict` rows were edited in Freshsales after go-live.
 */
export const ROW_STATUSES = ['staged', 'ready', 'quarantined', 'merged', 'loaded', 'skipped', 'conflict'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

export const LEDGER_OPS = ['created', 'updated'] as const;
export type LedgerOp = (typeof LEDGER_OPS)[number];

/** What rollback did with one ledger row. */
export const UNDO_OUTCOMES = ['deleted', 'restored', 'gone', 'conflict', 'failed'] as const;
export type UndoOutcome = (typeof UNDO_OUTCOMES)[number];

export const isWorking = (s: RunStatus) => (RUN_PHASES as readonly string[]).includes(s) || s === 'queued' || s === 'rolling_back';
export const isTerminal = (s: RunStatus) => s === 'completed' || s === 'failed' || s === 'rolled_back';
/** A run the background worker should pick up (after a restart too). */
export const needsWorker = (s: RunStatus) => isWorking(s) && s !== 'awaiting_owners';
export const canPause = (s: RunStatus) => isWorking(s) && s !== 'rolling_back';
export const canResume = (s: RunStatus) => s === 'paused' || s === 'awaiting_owners';
/** Anything that may have written to the destination can be undone, unless it is already being or was undone. */
export const canRollback = (s: RunStatus) => s === 'completed' || s === 'failed' || s === 'paused';
