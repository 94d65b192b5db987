// Child process for the runner benchmarks: a Freshsales sandbox prepared from a scope's setup checklist, in a process
// of its own so its work (validation, bulk jobs, listing pages) neither shares the runner's event loop nor its RSS.
// argv[2]: {"setup": <scope setup>, "plan": "enterprise", "timeScale": 30}. Prints one JSON line {url, suiteBaseUrl,
// apiKey} once listening; stops on SIGTERM.
import { preparedSandbox } from '../../test/helpers/runs.ts';

const { setup, plan, timeScale } = JSON.parse(process.argv[2] ?? '{}');
const sandbox = await preparedSandbox(setup, { plan, timeScale });
process.stdout.write(JSON.stringify({ url: sandbox.url, suiteBaseUrl: sandbox.suiteBaseUrl, apiKey: sandbox.apiKey }) + '\n');
process.once('SIGTERM', () => void sandbox.stop().then(() => process.exit(0)));
