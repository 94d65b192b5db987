// What every `ferry` command shares: the outside world it may touch (injectable so tests run commands in-process),
// the two kinds of failure, and flag parsing.
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: Output;
  stderr: Output;
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  now(): number;
}

export function nodeIo(): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    fetch,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: Date.now,
  };
}

/** A command line that cannot be acted on: printed with the usage, exit 2. */
export class UsageError extends Error {}

/** A failure reported in one line, exit 1: the service refused, a file cannot be read, the run failed. */
export class CliError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses flags strictly; `positionals` names the positional arguments the command requires, in order. */
export function parseFlags<O extends Options>(args: string[], options: O, positionals: string[] = []) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: positionals.length > 0, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (parsed.positionals.length < positionals.length) throw new UsageError(`<${positionals[parsed.positionals.length]}> is required`);
  if (parsed.positionals.length > positionals.length) throw new UsageError(`unexpected argument "${parsed.positionals[positionals.length]}"`);
  return { values: parsed.values, positionals: parsed.positionals };
}

/** An API key kept in a file (so it never shows in argv or shell history), without its trailing newline. */
export function readKeyFile(file: string): string {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read the API key file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const key = text.trim();
  if (!key) throw new CliError(`the API key file ${file} is empty`);
  return key;
}
