/** What one answer said: at most `remaining` more calls before `resetAt` (epoch ms). */
export interface Report {
  resetAt: number;
  remaining: number;
}

/**
 * The budget as answers reported it. Freshsales counts per account across every key, so other tools' calls show up
 * only here. Reports only ever tighten what the local windows allow, and each lapses at its reset.
 */
export function createReports() {
  let list: Report[] = [];
  return {
    prune(t: number) {
      list = list.filter((r) => r.resetAt > t);
    },
    add(resetAt: number, remaining: number) {
      const same = list.find((r) => r.resetAt === resetAt);
      if (same) same.remaining = Math.min(same.remaining, remaining);
      else list.push({ resetAt, remaining });
      // A report allowing as many calls or more, for no longer than another, says nothing new.
      list = list.filter((a) => !list.some((b) => b !== a && b.resetAt >= a.resetAt && b.remaining <= a.remaining));
    },
    take() {
      for (const r of list) r.remaining--;
    },
    /** When every spent report has lapsed; null when none is spent. */
    blockedUntil(): number | null {
      const ends = list.filter((r) => r.remaining <= 0).map((r) => r.resetAt);
      return ends.length ? Math.max(...ends) : null;
    },
    tightest: (): Report | null => list.reduce<Report | null>((a, r) => (a === null || r.remaining < a.remaining ? r : a), null),
  };
}
