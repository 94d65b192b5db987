// Runs the sandbox for a rehearsal: node --import tsx src/http/sandbox/freshsales/main.node.ts (or `npx ferry sandbox freshsales`)
import { parseSandboxLaunch, serveSandboxUntilSignal } from './launch.node.ts';

const env = process.env;
const launch = parseSandboxLaunch(
  {
    host: env.SANDBOX_HOST,
    port: env.SANDBOX_PORT,
    plan: env.SANDBOX_PLAN,
    apiKey: env.SANDBOX_API_KEY,
    stateFile: env.SANDBOX_STATE_FILE,
    timeScale: env.SANDBOX_TIME_SCALE,
  },
  {
    host: 'SANDBOX_HOST',
    port: 'SANDBOX_PORT',
    plan: 'SANDBOX_PLAN',
    apiKey: 'SANDBOX_API_KEY',
    stateFile: 'SANDBOX_STATE_FILE',
    timeScale: 'SANDBOX_TIME_SCALE',
  },
);
if (typeof launch === 'string') {
  process.stderr.write(`${launch}\n`);
  process.exit(1);
}
await serveSandboxUntilSignal(launch, 'set SANDBOX_STATE_FILE', (text) => process.stdout.write(text));
process.exit(0);
