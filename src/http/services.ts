import type { Context } from 'hono';
import type { Db } from '../../db/client.ts';
import { knowledgeBase } from '../../rules/index.ts';
import { estimatorRules } from '../estimator/rules.ts';
import type { ReportFonts } from '../reports/pdf/render.ts';
import { scopingRules } from '../scoping/rules.ts';
import { DEFAULT_UPLOAD_LIMITS } from '../scoping/upload/index.ts';
import type { Config } from './config.ts';
import type { Services } from './context.ts';
import type { Logger } from './logger.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { VERSION } from './version.ts';

/** What only the runtime can provide: the database, the log sink, the caller's address, font bytes and fetch. */
export interface RuntimeParts {
  db: Db;
  log: Logger;
  clientIp: (c: Context) => string;
  reportFonts: ReportFonts;
  fetch: typeof fetch;
}

/** The services every request shares, from the parsed config and the runtime's parts; the same on Node and Workers. */
export function buildServices(config: Config, runtime: RuntimeParts): Services {
  return {
    ...runtime,
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
