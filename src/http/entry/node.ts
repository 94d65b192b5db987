// `npm start`: the service on Node with its embedded database.
import { ConfigError } from '../config.ts';
import { startNodeServer } from './serve-node.ts';

try {
  const server = await startNodeServer(process.env);
  if (server.bootstrapToken) {
    process.stdout.write(
      `\nFirst start: created the first organisation and its admin token. It is shown only this once:\n\n  ${server.bootstrapToken}\n\n` +
        'Use it as "Authorization: Bearer <token>"; issue more with POST /api/v1/tokens.\n\n',
    );
  }
  process.stdout.write(`Ferry is serving on ${server.url} (docs: ${server.url}/docs)\n`);
  const shutdown = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
