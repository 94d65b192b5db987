// Cloudflare Workers entry: the same app over a libSQL server reached by HTTP (see wrangler.toml).
import { createClient } from '@libsql/client/web';
import { createDb } from '../../../db/client.ts';
import bold from '../../../assets/fonts/DejaVuSansCondensed-Bold.ttf';
import regular from '../../../assets/fonts/DejaVuSansCondensed.ttf';
import { createApp } from '../app.ts';
import { parseConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { buildServices } from '../services.ts';

let app: ReturnType<typeof createApp> | undefined;

/** Built once per isolate: config parsed from the bindings, one database client shared by requests. */
function appFor(env: Record<string, string | undefined>) {
  if (app) return app;
  const config = parseConfig(env);
  const db = createDb(createClient({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN }));
  app = createApp(
    buildServices(config, {
      db,
      log: createLogger(config.LOG_LEVEL),
      // wrangler bundles the TTFs as Data modules (see [[rules]] in wrangler.toml).
      reportFonts: { regular: new Uint8Array(regular), bold: new Uint8Array(bold) },
      fetch: (input, init) => fetch(input, init),
      clientIp: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
      // No filesystem and no life after the response: runs are driven by a Node instance on the same database.
      sources: {},
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      background: false,
    }),
  );
  return app;
}

export default {
  fetch: (request: Request, env: Record<string, string | undefined>, ctx: unknown) => appFor(env).fetch(request, env, ctx as never),
};
