// `ferry sandbox freshsales`: the local Freshsales emulator, up until SIGINT or SIGTERM.
import { resolve } from 'node:path';
import { parseSandboxLaunch, serveSandboxUntilSignal } from '../../sandbox/freshsales/launch.node.ts';
import { parseFlags, readKeyFile, UsageError, type CliIo } from './command.ts';

export async function sandboxCommand(command: string | undefined, args: string[], io: CliIo): Promise<number> {
  if (command !== 'freshsales') throw new UsageError(command ? `unknown command "sandbox ${command}"` : 'sandbox: which sandbox? (freshsales)');
  const { values } = parseFlags(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    plan: { type: 'string' },
    'state-file': { type: 'string' },
    'time-scale': { type: 'string' },
    'api-key-file': { type: 'string' },
  });
  const launch = parseSandboxLaunch(
    {
      port: values.port,
      host: values.host,
      plan: values.plan,
      stateFile: values['state-file'] && resolve(io.cwd, values['state-file']),
      timeScale: values['time-scale'],
      apiKey: values['api-key-file'] && readKeyFile(resolve(io.cwd, values['api-key-file'])),
    },
    { port: '--port', host: '--host', plan: '--plan', stateFile: '--state-file', timeScale: '--time-scale', apiKey: '--api-key-file' },
  );
  if (typeof launch === 'string') throw new UsageError(launch);
  await serveSandboxUntilSignal(launch, 'pass --state-file', (text) => io.stdout.write(text));
  return 0;
}
