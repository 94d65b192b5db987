import type { Db } from '../../../db/client.ts';
import type { KnowledgeBase } from '../../../rules/index.ts';
import type { BudgetRegistry } from '../budget/registry.ts';
import type { DestinationConnector, Log, SourceConnector } from '../protocol.ts';

/** Sizes and patience of the pipeline; tests and benchmarks tune them. */
export interface RunnerTuning {
  /** Rows staged per transaction. */
  extractBatch: number;
  /** Rows transformed per transaction. */
  transformBatch: number;
  /** Records per destination write (Freshsales bulk upsert takes at most 100). */
  loadBatch: number;
  /** Destination writes in flight at once; they share the account's budget. */
  loadConcurrency: number;
  /** Attempts for a write that failed in a way worth retrying (5xx, timeout, dropped connection, 429). */
  attempts: number;
  retryBaseMs: number;
  /** Records per read-back call during reconciliation. */
  readBackBatch: number;
}

export const DEFAULT_TUNING: RunnerTuning = {
  extractBatch: 500,
  transformBatch: 500,
  loadBatch: 100,
  loadConcurrency: 4,
  attempts: 8,
  retryBaseMs: 500,
  readBackBatch: 50,
};

/** Everything a run needs from outside, passed in explicitly (runtime-neutral). */
export interface RunnerDeps {
  db: Db;
  kb: KnowledgeBase;
  /** Keyed by kind; each connector parses its own config, so the registry cannot name one config type. */
  sources: Record<string, SourceConnector<any>>;
  destinations: Record<string, DestinationConnector<any>>;
  budgets: BudgetRegistry;
  /** The key destination credentials are encrypted under. */
  credentialKey: () => Promise<string>;
  fetch: typeof fetch;
  now: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  log: Log;
  tuning: RunnerTuning;
}
