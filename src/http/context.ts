import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Db } from '../../db/client.ts';
import type { KnowledgeBase } from '../../rules/index.ts';
import type { EstimatorRules } from '../estimator/rules.ts';
import type { ReportFonts } from '../reports/pdf/render.ts';
import type { RunnerDeps } from '../runner/pipeline/deps.ts';
import type { RunWorker } from '../runner/pipeline/worker.ts';
import type { ScopingRules } from '../scoping/rules.ts';
import type { UploadLimits } from '../scoping/upload/index.ts';
import type { Principal } from './access/store.ts';
import type { Logger } from './logger.ts';
import type { RateLimiter } from './rate-limiter.ts';

/** What handlers get: built once at start by the entry file and shared by every request. */
export interface Services {
  db: Db;
  kb: KnowledgeBase;
  log: Logger;
  estimatorRules: EstimatorRules;
  scopingRules: ScopingRules;
  uploadLimits: UploadLimits;
  reportFonts: ReportFonts;
  /** The secret sign-off links are signed with (configured, or generated once and kept in the database). */
  signOffSecret: string | undefined;
  signOffLinkDays: number;
  /** How the service reaches Freshsales for preflight: the runtime's fetch. */
  fetch: typeof fetch;
  /** The runner's dependencies, and the background worker when this runtime drives runs (Node). */
  runner: { deps: RunnerDeps; worker: RunWorker | null };
  version: string;
  maxBodyBytes: number;
  /** Per-client request counters for the public, rate-limited routes. */
  rateLimiter: RateLimiter;
  /** The caller's address as this runtime sees it (socket on Node, cf-connecting-ip on Workers). */
  clientIp: (c: Context) => string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    services: Services;
    principal: Principal;
  };
}

export type App = OpenAPIHono<AppEnv>;
