// `ferry <group> <command>` (bin/ferry.mjs): operators' and engineers' commands; cli/dispatch.ts routes them.
import { nodeIo } from './cli/command.ts';
import { runCli } from './cli/dispatch.ts';

process.exit(await runCli(process.argv.slice(2), nodeIo()));
