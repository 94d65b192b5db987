/** Keys longer than this are stored as a hash: distinctness still counts, memory stays small. */
const MAX_KEY_CHARS = 100;

/** FNV-1a and a second multiplicative hash side by side: 64 bits, so two different long values practically never collide. */
function longKey(value: string): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x85ebca6b) ^ (b >>> 13);
  }
  return `\u0000${value.length}:${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
}

/**
 * Exact counts for the first `cap` distinct values; later new values are only tallied as `untracked`.
 * Memory is bounded by cap × MAX_KEY_CHARS whatever the column holds.
 */
export class ValueCounter {
  private readonly counts = new Map<string, number>();
  /** Occurrences of values that arrived after the cap was full (each may or may not be new). */
  untracked = 0;
  /** Occurrences of a value already counted once. */
  repeats = 0;

  constructor(private readonly cap: number) {}

  add(value: string): void {
    const key = value.length > MAX_KEY_CHARS ? longKey(value) : value;
    const seen = this.counts.get(key);
    if (seen !== undefined) {
      this.counts.set(key, seen + 1);
      this.repeats++;
    } else if (this.counts.size < this.cap) this.counts.set(key, 1);
    else this.untracked++;
  }

  get distinct(): number {
    return this.counts.size;
  }

  get capped(): boolean {
    return this.untracked > 0;
  }

  /** An upper bound on the number of distinct values: the tracked ones plus every untracked occurrence. */
  get distinctAtMost(): number {
    return this.counts.size + this.untracked;
  }

  /** Tracked values with their counts, in first-seen order (hashed long values left out). */
  *entries(): Generator<[string, number]> {
    for (const e of this.counts) if (!e[0].startsWith('\u0000')) yield e;
  }

  /** The most frequent tracked values (hashed long values left out), ties in first-seen order. */
  top(limit: number): { value: string; count: number }[] {
    return [...this.entries()]
      .map(([value, count]) => ({ value, count }))
      .sort((x, y) => y.count - x.count)
      .slice(0, limit);
  }
}
