import { ValueCounter } from './value-counter.ts';

/** Separators tried when the hints name none (or in addition to the hinted one). */
const COMMON_SEPARATORS = [';', '|', ','];
const TOKEN_CAP = 500;
/** A value longer than this, or with a line break, is prose, not a list of tags. */
const MAX_LIST_CHARS = 255;
/** Prefix of a whole-value key that came from a JSON array (so it is never read back as a single item). */
export const ARRAY_KEY = '\u001e';

const listShaped = (v: string) => v.length <= MAX_LIST_CHARS && !/[\r\n]/.test(v);

export interface ListVerdict {
  /** Absent when the items arrived as JSON arrays. */
  separator?: string;
  /** Values holding a separator (or arriving as arrays). */
  listed: number;
  items: { value: string; count: number }[];
  distinctItems: number;
}

/**
 * Tallies how often each candidate separator splits a value, and the items found. Items of values without the
 * separator are not stored twice: they are the profiler's whole-value counts, merged in at the end.
 */
export class ListTally {
  private readonly bySeparator = new Map<string, { listed: number; items: ValueCounter }>();
  private arrays = 0;
  private readonly arrayItems = new ValueCounter(TOKEN_CAP);
  private readonly separators: string[];

  constructor(private readonly hinted: string | undefined) {
    this.separators = [...new Set([...(hinted ? [hinted] : []), ...COMMON_SEPARATORS])];
  }

  addText(value: string): void {
    if (!listShaped(value)) return;
    for (const sep of this.separators) {
      if (!value.includes(sep)) continue;
      let tally = this.bySeparator.get(sep);
      if (!tally) this.bySeparator.set(sep, (tally = { listed: 0, items: new ValueCounter(TOKEN_CAP) }));
      tally.listed++;
      for (const item of value.split(sep)) if (item.trim()) tally.items.add(item.trim());
    }
  }

  addArray(items: string[]): void {
    this.arrays++;
    for (const item of items) this.arrayItems.add(item);
  }

  /**
   * The separator that makes this a multi-value column, or null. JSON arrays count directly; a separator counts
   * when it appears in at least 30% of values and its items repeat across rows (some item twice, and few distinct
   * items for the rows).
   */
  decide(filled: number, wholeValues: ValueCounter): ListVerdict | null {
    const minListed = Math.max(1, filled * 0.3);
    if (this.arrays >= minListed) {
      const merged = this.merge(this.arrayItems, wholeValues, null);
      return { listed: this.arrays, items: top(merged), distinctItems: merged.size };
    }
    const hinted = this.hinted;
    const order = [...this.bySeparator].sort(([a, x], [b, y]) => Number(b === hinted) - Number(a === hinted) || y.listed - x.listed);
    for (const [separator, tally] of order) {
      if (tally.listed < minListed) continue;
      const merged = this.merge(tally.items, wholeValues, separator);
      // Untracked occurrences might each be new: count them as distinct so a capped column never looks more repetitive than it is.
      const distinctAtMost = merged.size + tally.items.untracked + wholeValues.untracked;
      const repeats = [...merged.values()].some((n) => n > 1);
      if (repeats && distinctAtMost <= Math.max(5, filled * 0.5)) {
        return { separator, listed: tally.listed, items: top(merged), distinctItems: merged.size };
      }
    }
    return null;
  }

  /** Items of split values plus the whole values that are a single item (no separator, not an array, list-shaped). */
  private merge(items: ValueCounter, wholeValues: ValueCounter, separator: string | null): Map<string, number> {
    const merged = new Map(items.entries());
    for (const [value, count] of wholeValues.entries()) {
      if (value.startsWith(ARRAY_KEY) || !listShaped(value) || (separator && value.includes(separator))) continue;
      merged.set(value, (merged.get(value) ?? 0) + count);
    }
    return merged;
  }
}

const top = (counts: Map<string, number>) =>
  [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count).slice(0, 300);
