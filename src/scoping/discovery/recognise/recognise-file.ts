import type { SourcePlatform } from '../../../../rules/schema/platform.ts';
import { matchFileName, type NameMatch } from './file-name.ts';
import { type ColumnMatch, matchColumn } from './match-column.ts';

export interface ObjectGuess {
  object: string;
  /** 0..1: file name, share of headers that are this object's fields, key fields present. */
  confidence: number;
  reason: string;
  columns: ColumnMatch[];
}

/** Weights of the three signals; headers weigh most, so a renamed file is still recognised by its columns. */
const NAME_SCORE: Record<NameMatch['how'], number> = { exact: 1, stem: 0.8, object: 0.5 };
const W_NAME = 0.35;
const W_HEADERS = 0.45;
const W_KEYS = 0.2;

function nameReason(match: NameMatch | null, label: string): string {
  if (!match) return `file name matches no known ${label} export`;
  if (match.how === 'exact') return `file name matches ${match.name}`;
  if (match.how === 'stem') return `file name is like ${match.name}`;
  return `file name mentions ${match.name}`;
}

function keyReason(present: string[], missing: string[]): string {
  const list = (xs: string[], what: string) => (xs.length ? [`${xs.join(', ')} ${what}`] : []);
  return `key field${present.length + missing.length > 1 ? 's' : ''} ${[...list(present, 'present'), ...list(missing, 'missing')].join(', ')}`;
}

/** Which source object an export file holds, from its name and headers; every object scored, best first. */
export function recogniseFile(platform: SourcePlatform, fileName: string, headers: string[]): ObjectGuess[] {
  const guesses = platform.objects.map((o, order) => {
    const known = platform.channels.export.files.filter((f) => f.object === o.id).flatMap((f) => f.names);
    const name = matchFileName(fileName, known, o.id);
    const columns = headers.map((h) => matchColumn(platform, o.id, h));
    const matched = columns.filter((c) => c.field !== null).length;
    const fields = new Set(columns.map((c) => c.field));
    const present = o.keyFields.filter((k) => fields.has(k));
    const missing = o.keyFields.filter((k) => !fields.has(k));
    const score =
      W_NAME * (name ? NAME_SCORE[name.how] : 0) +
      W_HEADERS * (headers.length ? matched / headers.length : 0) +
      W_KEYS * (present.length / o.keyFields.length);
    const label = o.label.toLowerCase();
    const reason = `${nameReason(name, label)}; ${matched} of ${headers.length} headers are ${label} fields; ${keyReason(present, missing)}`;
    return { guess: { object: o.id, confidence: Math.round(score * 100) / 100, reason, columns }, matched, order };
  });
  // Several objects can share a file (Kartra's GDPR consent rows sit in the contact export): on equal scores the
  // object covering more headers wins, then the one listed first in the platform file.
  guesses.sort((a, b) => b.guess.confidence - a.guess.confidence || b.matched - a.matched || a.order - b.order);
  return guesses.map((g) => g.guess);
}
