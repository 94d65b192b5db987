// `ferry fixtures generate`: writes a platform's generated export files and expected.json into a folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FIXTURE_PLATFORMS, generateFixtures, MAX_FIXTURE_SCALE } from '../../../runner/fixtures/index.ts';
import { CliError, parseFlags, UsageError, type CliIo } from './command.ts';

/** A whole number within bounds from a flag's text, or a usage error naming the flag. */
function wholeNumber(flag: string, text: string | undefined, min: number, max: number, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new UsageError(`${flag} is required`);
    return fallback;
  }
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  return Number(text);
}

export async function fixturesCommand(command: string | undefined, args: string[], io: CliIo): Promise<number> {
  if (command !== 'generate') throw new UsageError(command ? `unknown command "fixtures ${command}"` : 'fixtures: which command? (generate)');
  const { values } = parseFlags(args, { platform: { type: 'string' }, scale: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } });
  const platform = values.platform;
  if (!platform) throw new UsageError('--platform is required');
  if (!FIXTURE_PLATFORMS.includes(platform)) throw new UsageError(`--platform must be one of ${FIXTURE_PLATFORMS.join(', ')}, not "${platform}"`);
  const scale = wholeNumber('--scale', values.scale, 1, MAX_FIXTURE_SCALE);
  const seed = wholeNumber('--seed', values.seed, 0, 0xffffffff, 1);
  if (!values.out) throw new UsageError('--out is required');
  const out = resolve(io.cwd, values.out);

  const set = generateFixtures(platform, { scale, seed });
  try {
    mkdirSync(out, { recursive: true });
    for (const f of set.files) writeFileSync(join(out, f.name), f.bytes);
    // Attachments go in their folder beside the export files, where the runner looks for them.
    for (const f of set.attachments ?? []) {
      mkdirSync(dirname(join(out, f.name)), { recursive: true });
      writeFileSync(join(out, f.name), f.bytes);
    }
  } catch (e) {
    throw new CliError(`cannot write to ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const t = set.manifest.truth;
  io.stdout.write(`${platform}: ${set.files.length} files in ${out}${set.attachments?.length ? `, ${set.attachments.length} attachments under it` : ''} (scale ${scale}, seed ${seed})\n`);
  for (const [object, o] of Object.entries(t.objects)) io.stdout.write(`  ${object.padEnd(16)} ${String(o.rows).padStart(7)}  ${o.file ?? `from ${o.derivedFrom}`}\n`);
  io.stdout.write(`  planted: ${t.duplicates.length} duplicates, ${t.quarantine.length} rows to quarantine, ${t.orphans.length} orphan references, ${t.unknownOwners.length} unknown owners (see expected.json)\n`);
  return 0;
}
