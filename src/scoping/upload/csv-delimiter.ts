import { CsvParser } from './csv-parser.ts';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
const SAMPLE_RECORDS = 20;

/**
 * The delimiter that splits the sample's first records (quote-aware) into a consistent number of cells, more than one.
 * Rows with fewer cells than the header still count in a candidate's favour (exports drop trailing empty cells), rows
 * with more rule it out. Ties go to more columns, then to the order of DELIMITERS. ',' when nothing splits the header.
 */
export function detectDelimiter(sample: string, complete: boolean): string {
  let best: { delimiter: string; score: number[] } | undefined;
  for (const delimiter of DELIMITERS) {
    const counts = sampleCounts(sample, complete, delimiter);
    const [header = 0, ...rows] = counts ?? [];
    if (header < 2 || rows.some((c) => c > header)) continue;
    const matching = rows.filter((c) => c === header).length;
    const score = [matching === rows.length ? 1 : 0, matching, header];
    if (!best || isGreater(score, best.score)) best = { delimiter, score };
  }
  return best?.delimiter ?? ',';
}

/** Cell counts of the sample's first records with this delimiter, or undefined when it makes the sample malformed. */
function sampleCounts(sample: string, complete: boolean, delimiter: string): number[] | undefined {
  const counts: number[] = [];
  const parser = new CsvParser({
    file: '',
    delimiter,
    maxCellChars: Infinity,
    onRecord: (_cells, count) => void (counts.length < SAMPLE_RECORDS && counts.push(count)),
  });
  parser.keep = 0;
  try {
    parser.push(sample);
    if (complete) parser.end(); // otherwise the last record may be cut short: leave it out
  } catch {
    return undefined;
  }
  return counts;
}

function isGreater(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}
