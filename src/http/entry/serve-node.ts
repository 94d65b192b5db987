import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { openNodeDatabase } from '../../../db/client.node.ts';
import { knowledgeBase } from '../../../rules/index.ts';
import { createApp } from '../app.ts';
import { ensureFirstOrganisation } from '../bootstrap.ts';
import { parseConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { buildServices } from '../services.ts';
import { wallSleep } from '../../runner/budget/registry.ts';
import { nodeSources } from './sources.node.ts';
import { loadReportFonts } from './report-fonts.node.ts';
import { VERSION } from '../version.ts';

export interface RunningServer {
  url: string;
  /** The first admin token when this start created the first organisation; otherwise null. */
  bootstrapToken: string | null;
  stop: () => Promise<void>;
}

/** Starts the service on Node: config from `env`, database opened and migrated, first organisation ensured. */
export async function startNodeServer(
  env: Record<string, string | undefined>,
  sink: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Promise<RunningServer> {
  const config = parseConfig(env);
  const log = createLogger(config.LOG_LEVEL, sink);
  const { db, close } = await openNodeDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  const boot = await ensureFirstOrganisation(db, { secret: config.FERRY_BOOTSTRAP_TOKEN });
  const services = buildServices(config, {
      db,
      log,
      reportFonts: loadReportFonts(),
      fetch: globalThis.fetch,
      sources: nodeSources(knowledgeBase),
      sleep: wallSleep,
      background: true,
      clientIp: (c) =>
        (config.TRUST_PROXY && c.req.header('x-forwarded-for')?.split(',')[0]?.trim()) || getConnInfo(c).remote.address || 'unknown',
    });
  const app = createApp(services);
  // Runs left working by an earlier process (a crash included) continue from their checkpoints.
  await services.runner.worker?.start();
  const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
  log.info('listening', { url, version: VERSION, knowledgeVersion: knowledgeBase.version });
  return {
    url,
    bootstrapToken: boot && !config.FERRY_BOOTSTRAP_TOKEN ? boot.token : null,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          void (services.runner.worker?.stop() ?? Promise.resolve()).then(() => {
            close();
            resolve();
          });
        });
        // Idle keep-alive sockets would hold close() open.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
