// Which group handles a command line, the usage text, and how failures become messages and exit codes.
import { CliError, UsageError, type CliIo } from './command.ts';

const USAGE = `usage:
  ferry org create --name <organisation> --admin-email <email> [--json]
      Creates an organisation with its first admin token (shown once).
  ferry run start --scope <id> [--version <n>] --mode sample|full|delta [--parent <runId>] --source-dir <exports dir>
                  --destination-url <Freshsales base URL> --plan growth|pro|enterprise [--api-key-file <file>]
                  [--sample-size <n>] [--follow] [--json]
      Starts a run; the Freshsales API key comes from FRESHSALES_API_KEY or --api-key-file, never the command line.
  ferry run status <id> [--follow] [--json]
  ferry run pause|resume|rollback <id> [--follow] [--json]
  ferry run step <id> <step> [--note <text>] [--follow] [--json]
      Marks a step outside Ferry done (e.g. export-requested for Promio); a run waiting only for it carries on.
      Talk to the Ferry service at FERRY_URL (default http://127.0.0.1:8787) with the engineer token in FERRY_TOKEN.
      --follow shows progress until the run stops working (a pause for the API budget is followed through), and
      exits 1 if the run failed or its rollback left problems; --json prints the run as JSON (progress then goes to stderr).
  ferry sandbox freshsales [--port 8788] [--host 127.0.0.1] [--plan growth|pro|enterprise] [--state-file <file>]
                           [--time-scale <n>] [--api-key-file <file>]
      Runs a local Freshsales account and prints its URLs and API key; stops on Ctrl-C.
  ferry fixtures generate --platform soffront|profi|fasttrack|promio|kartra --scale <n> --out <dir> [--seed <n>]
      Writes realistic export files for the platform (about n people, other objects in proportion, with planted
      duplicates, orphans, formulas and encodings) plus expected.json saying what was planted where.`;

/** Runs one command line and returns its exit code: 0, 1 for a failure it reports, 2 for a command line it cannot act on. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [group, command, ...rest] = argv;
  try {
    switch (group) {
      // Each group loads only its own dependencies: `ferry run` need not load libSQL or the sandbox.
      case 'org':
        return await (await import('./org.ts')).orgCommand(command, rest, io);
      case 'run':
        return await (await import('./run.ts')).runCommand(command, rest, io);
      case 'sandbox':
        return await (await import('./sandbox.ts')).sandboxCommand(command, rest, io);
      case 'fixtures':
        return await (await import('./fixtures.ts')).fixturesCommand(command, rest, io);
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(`${USAGE}\n`);
        return 0;
      default:
        throw new UsageError(group ? `unknown command "${[group, command].filter(Boolean).join(' ')}"` : 'no command given');
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`ferry: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof CliError) {
      io.stderr.write(`ferry: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
