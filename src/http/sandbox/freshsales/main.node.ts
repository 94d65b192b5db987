// Runs the sandbox for a rehearsal: node --import tsx src/http/sandbox/freshsales/main.node.ts
import { z } from 'zod';
import { PlanId } from '../../../../rules/schema/platform.ts';
import { startFreshsalesSandbox } from './start.node.ts';

const Env = z.object({
  SANDBOX_HOST: z.string().default('127.0.0.1'),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(8788),
  SANDBOX_PLAN: PlanId.default('pro'),
  SANDBOX_API_KEY: z.string().regex(/^\S{8,}$/, 'at least 8 characters without spaces').optional(),
  SANDBOX_STATE_FILE: z.string().min(1).optional(),
  SANDBOX_TIME_SCALE: z.coerce.number().positive().default(1),
});

const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  const issue = parsed.error.issues[0]!;
  process.stderr.write(`${String(issue.path[0])}: ${issue.message}\n`);
  process.exit(1);
}
const env = parsed.data;
const running = await startFreshsalesSandbox({
  host: env.SANDBOX_HOST,
  port: env.SANDBOX_PORT,
  plan: env.SANDBOX_PLAN,
  apiKey: env.SANDBOX_API_KEY,
  stateFile: env.SANDBOX_STATE_FILE,
  timeScale: env.SANDBOX_TIME_SCALE,
});
// The key is a sandbox key, printed once so the engineer can point Ferry at the sandbox.
process.stdout.write(
  [
    `Freshsales sandbox (${running.sandbox.state.plan}) listening on ${running.url}`,
    `  Suite base URL:   ${running.suiteBaseUrl}`,
    `  Classic base URL: ${running.classicBaseUrl}`,
    `  API key:          ${running.apiKey}`,
    `  Admin surface:    ${running.url}/_sandbox/state`,
    env.SANDBOX_STATE_FILE ? `  State file:       ${env.SANDBOX_STATE_FILE}` : '  State: in memory only (set SANDBOX_STATE_FILE to keep it)',
  ].join('\n') + '\n',
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void running.stop().then(() => process.exit(0)));
