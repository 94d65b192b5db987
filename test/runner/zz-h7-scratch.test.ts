import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, it } from 'vitest';
import { checklistOnce, generatedExports, signedOffGeneratedScope } from '../helpers/generated.ts';
import { preparedSandbox, startRunBody, waitForRun } from '../helpers/runs.ts';
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.stop(); });
const PLATFORM = process.env.H7_PLATFORM ?? 'soffront';
const PLAN = process.env.H7_PLAN ?? 'pro';
it('dump', async () => {
  const exports = generatedExports(PLATFORM, { scale: 40, seed: 6 });
  const scope = await signedOffGeneratedScope(server, PLATFORM, exports);
  const sandbox = await preparedSandbox(checklistOnce(scope.setup), { plan: PLAN as 'pro' });
  const res = await server.call('/api/v1/runs', jsonInit('POST', { ...startRunBody(scope.scopeId, exports.dir, sandbox, 'full'), destination: { kind: 'freshsales', baseUrl: sandbox.suiteBaseUrl, apiKey: sandbox.apiKey, plan: PLAN } }, scope.engineer));
  const started = await res.json();
  const run = await waitForRun(server, scope.engineer, started.id ?? '', 50_000).catch((e) => ({ error: String(e), started }));
  const rec = run.id ? await (await server.call(`/api/v1/runs/${run.id}/reconciliation`, { token: scope.engineer })).json() : null;
  const state = await (await fetch(`${sandbox.url}/_sandbox/state`)).json();
  writeFileSync(`/tmp/h7/${PLATFORM}-${PLAN}.json`, JSON.stringify({ proposed: scope.proposed, mapping: scope.mapping, setup: scope.setup, run, rec, state, truth: exports.manifest.truth }, null, 1));
  await sandbox.stop(); exports.remove();
}, 90_000);
