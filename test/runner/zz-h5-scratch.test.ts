import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { generatedExports, signedOffGeneratedScope } from '../helpers/generated.ts';
import { startTestServer } from '../helpers/server.ts';

it('dump', async () => {
  const server = await startTestServer();
  const exports = generatedExports('profi', { scale: 40, seed: 6 });
  const scope = await signedOffGeneratedScope(server, 'profi', exports);
  writeFileSync('/tmp/h5/profi-scope.json', JSON.stringify({ proposed: scope.proposed, mapping: scope.mapping, setup: scope.setup }, null, 1));
  exports.remove();
  await server.stop();
}, 60000);
