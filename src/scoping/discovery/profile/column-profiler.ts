import { classify } from './classify.ts';
import { readHeader } from './header-hints.ts';
import { ColumnTally } from './tally.ts';
import type { ColumnProfiler, ProfileHints } from './types.ts';

/**
 * Profiles one column of an export file, one cell at a time, in memory bounded by caps rather than by the row count.
 * `finish()` may be called more than once; it reads the tally without changing it.
 */
export function createColumnProfiler(header: string, hints: ProfileHints): ColumnProfiler {
  const tally = new ColumnTally(header, readHeader(header), hints);
  return {
    add: (value) => tally.add(value),
    finish: () => classify(tally),
  };
}
