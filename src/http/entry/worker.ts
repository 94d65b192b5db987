// Cloudflare Workers entry: the same app over a libSQL server reached by HTTP (see wrangler.toml).
import { createClient } from '@libsql/client/web';
import { createDb } from '../../../db/client.ts';
import { knowledgeBase } from '../../../rules/index.ts';
import { estimatorRules } from '../../estimator/rules.ts';
import { createApp } from '../app.ts';
import { parseConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createRateLimiter } from '../rate-limiter.ts';
import { VERSION } from '../version.ts';

let app: ReturnType<typeof createApp> | undefined;

/** Built once per isolate: config parsed from the bindings, one database client shared by requests. */
function appFor(env: Record<string, string | undefined>) {
  if (app) return app;
  const config = parseConfig(env);
  const db = createDb(createClient({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN }));
  app = createApp({
    db,
    kb: knowledgeBase,
    estimatorRules,
    log: createLogger(config.LOG_LEVEL),
    version: VERSION,
    maxBodyBytes: config.MAX_BODY_BYTES,
    rateLimiter: createRateLimiter({ estimates: config.ESTIMATE_RATE_LIMIT }),
    clientIp: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
  });
  return app;
}

export default {
  fetch: (request: Request, env: Record<string, string | undefined>, ctx: unknown) => appFor(env).fetch(request, env, ctx as never),
};
