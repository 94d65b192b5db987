import type { Context } from 'hono';
import type { Db } from '../../db/client.ts';
import { knowledgeBase } from '../../rules/index.ts';
import { estimatorRules } from '../estimator/rules.ts';
import type { ReportFonts } from '../reports/pdf/render.ts';
import { createBudgetRegistry } from '../runner/budget/registry.ts';
import { instanceSecret } from '../../db/instance-secret.ts';
import { DEFAULT_TUNING, type RunnerDeps } from '../runner/pipeline/deps.ts';
import { createRunWorker } from '../runner/pipeline/worker.ts';
import { createFreshsalesDestination } from '../runner/destinations/freshsales/destination.ts';
import { scopingRules } from '../scoping/rules.ts';
import { DEFAULT_UPLOAD_LIMITS } from '../scoping/upload/index.ts';
import type { Config } from './config.ts';
import type { Services } from './context.ts';
import type { LogFields, Logger } from './logger.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { VERSION } from './version.ts';

/** What only the runtime can provide: the database, the log sink, the caller's address, font bytes and fetch. */
export interface RuntimeParts {
  db: Db;
  log: Logger;
  clientIp: (c: Context) => string;
  reportFonts: ReportFonts;
  fetch: typeof fetch;
  /** Source connectors this runtime can read (the export-directory source needs a filesystem). */
  sources: RunnerDeps['sources'];
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Whether this runtime can keep working after a response (Node can; a Worker request cannot). */
  background: boolean;
}

/** The services every request shares, from the parsed config and the runtime's parts; the same on Node and Workers. */
export function buildServices(config: Config, runtime: RuntimeParts): Services {
  const { sources, sleep, background, ...parts } = runtime;
  const deps = {
    db: runtime.db,
    kb: knowledgeBase,
    sources,
    destinations: { freshsales: createFreshsalesDestination() },
    budgets: createBudgetRegistry({ sleep }),
    credentialKey: () => (config.RUNNER_CREDENTIALS_KEY ? Promise.resolve(config.RUNNER_CREDENTIALS_KEY) : instanceSecret(runtime.db, 'run-credentials')),
    fetch: runtime.fetch,
    now: () => new Date(),
    sleep,
    log: (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => runtime.log[level](msg, fields as LogFields | undefined),
    tuning: { ...DEFAULT_TUNING, loadConcurrency: config.RUNNER_LOAD_CONCURRENCY },
  };
  return {
    ...parts,
    runner: { deps, worker: background && config.RUNNER_WORKER ? createRunWorker(deps, { maxRuns: config.RUNNER_MAX_RUNS }) : null },
    kb: knowledgeBase,
    estimatorRules,
    scopingRules,
    version: VERSION,
    maxBodyBytes: config.MAX_BODY_BYTES,
    rateLimiter: createRateLimiter({ estimates: config.ESTIMATE_RATE_LIMIT }),
    uploadLimits: {
      ...DEFAULT_UPLOAD_LIMITS,
      maxFileBytes: config.UPLOAD_MAX_FILE_BYTES,
      maxTotalBytes: config.UPLOAD_MAX_TOTAL_BYTES,
      maxRows: config.UPLOAD_MAX_ROWS,
    },
    signOffSecret: config.SIGNOFF_SECRET,
    signOffLinkDays: config.SIGNOFF_LINK_DAYS,
  };
}
