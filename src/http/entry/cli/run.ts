// `ferry run …`: start, watch and steer migration runs on a running Ferry service (see ferry-api.ts for FERRY_URL/FERRY_TOKEN).
import { resolve } from 'node:path';
import { PLAN_IDS } from '../../../../rules/schema/platform.ts';
import { needsWorker, RUN_MODES } from '../../../runner/statuses.ts';
import { CliError, parseFlags, readKeyFile, UsageError, type CliIo } from './command.ts';
import { ferryApi, type FerryApi, type RunView } from './ferry-api.ts';
import { createProgressRenderer, formatRunView, type ProgressRenderer } from './progress.ts';

/** How often --follow asks for the run. */
const FOLLOW_INTERVAL_MS = 1_000;

const VIEW_FLAGS = { follow: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } as const;

export async function runCommand(command: string | undefined, args: string[], io: CliIo): Promise<number> {
  switch (command) {
    case 'start':
      return startRun(args, io);
    case 'status':
    case 'pause':
    case 'resume':
    case 'rollback': {
      const { values, positionals } = parseFlags(args, VIEW_FLAGS, ['id']);
      const api = ferryApi(io);
      const id = positionals[0]!;
      const view = command === 'status' ? await api.getRun(id) : await api.act(id, command);
      return show(view, values, api, io);
    }
    case 'step': {
      const { values, positionals } = parseFlags(args, { ...VIEW_FLAGS, note: { type: 'string' } }, ['id', 'step']);
      const api = ferryApi(io);
      return show(await api.completeStep(positionals[0]!, positionals[1]!, values.note), values, api, io);
    }
    default:
      throw new UsageError(command ? `unknown command "run ${command}"` : 'run: a command is required');
  }
}

async function startRun(args: string[], io: CliIo): Promise<number> {
  // parseArgs would only say "unknown option"; the point is to say why a key must not be an argument.
  if (args.some((a) => a === '--api-key' || a.startsWith('--api-key='))) {
    throw new UsageError(
      '--api-key is refused: a key on the command line ends up in shell history and process listings. Set FRESHSALES_API_KEY or pass --api-key-file <file>',
    );
  }
  const { values } = parseFlags(args, {
    scope: { type: 'string' },
    version: { type: 'string' },
    mode: { type: 'string' },
    parent: { type: 'string' },
    'source-dir': { type: 'string' },
    'destination-url': { type: 'string' },
    plan: { type: 'string' },
    'api-key-file': { type: 'string' },
    'sample-size': { type: 'string' },
    ...VIEW_FLAGS,
  });
  const scopeId = required(values.scope, '--scope');
  const mode = oneOf(required(values.mode, '--mode'), RUN_MODES, '--mode');
  const plan = oneOf(required(values.plan, '--plan'), PLAN_IDS, '--plan');
  const dir = resolve(io.cwd, required(values['source-dir'], '--source-dir'));
  const baseUrl = required(values['destination-url'], '--destination-url');
  if (!/^https?:\/\/[^/\s]+/.test(baseUrl)) throw new UsageError(`--destination-url must be an http(s) URL, got "${baseUrl}"`);
  const scopeVersion = values.version === undefined ? undefined : positiveInt(values.version, '--version');
  const sampleSize = values['sample-size'] === undefined ? undefined : positiveInt(values['sample-size'], '--sample-size');
  const apiKey = values['api-key-file'] ? readKeyFile(resolve(io.cwd, values['api-key-file'])) : io.env.FRESHSALES_API_KEY?.trim();
  if (!apiKey) throw new CliError('no Freshsales API key: set FRESHSALES_API_KEY or pass --api-key-file <file>');

  const api = ferryApi(io);
  const view = await api.startRun({
    scopeId,
    ...(scopeVersion === undefined ? {} : { scopeVersion }),
    mode,
    ...(values.parent ? { parentRunId: values.parent } : {}),
    source: { kind: 'exports', dir },
    destination: { kind: 'freshsales', baseUrl, apiKey, plan },
    options: sampleSize === undefined ? {} : { sampleSize },
  });
  if (!values.json) io.stdout.write(`started run ${view.id}\n`);
  return show(view, values, api, io);
}

/** Prints the run (after following it, with --follow); a followed run that failed, or whose rollback left problems, exits 1. */
async function show(view: RunView, flags: { follow: boolean; json: boolean }, api: FerryApi, io: CliIo): Promise<number> {
  let last = view;
  if (flags.follow) {
    const renderer = createProgressRenderer(flags.json ? io.stderr : io.stdout, io.now);
    last = await followRun(view, api, renderer, io.sleep);
  }
  io.stdout.write(flags.json ? JSON.stringify(last) + '\n' : formatRunView(last).join('\n') + '\n');
  if (flags.follow && last.status === 'failed') throw new CliError(`run ${last.id} failed${last.error ? `: ${last.error}` : ''}`);
  if (flags.follow && last.status === 'rolled_back' && last.error) throw new CliError(`run ${last.id} rolled back with problems: ${last.error}`);
  return 0;
}

/**
 * Renders the run and asks for it again every `intervalMs` while it is working on its own (queued, a phase, rolling
 * back, or paused for the API budget, which resumes by itself when the budget refills); it stops on a status that
 * needs a person or is final (paused on request, awaiting_owners, completed, …).
 */
async function followRun(
  first: RunView,
  api: Pick<FerryApi, 'getRun'>,
  renderer: ProgressRenderer,
  sleep: (ms: number) => Promise<void>,
  intervalMs = FOLLOW_INTERVAL_MS,
): Promise<RunView> {
  let view = first;
  renderer.update(view);
  while (needsWorker(view.status) || (view.status === 'paused' && view.pauseReason === 'budget')) {
    await sleep(intervalMs);
    view = await api.getRun(view.id);
    renderer.update(view);
  }
  return view;
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function positiveInt(value: string, flag: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${flag} must be a positive whole number, got "${value}"`);
  return Number(value);
}
