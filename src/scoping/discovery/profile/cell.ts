/** Cell values exports use for "no value" (compared case-insensitively after trimming). */
const EMPTY_MARKERS = ['', 'n/a', '#n/a', 'null', '-', '--', '0000-00-00', '0000-00-00 00:00:00'];

/** A predicate for "this trimmed cell holds no value", with the platform's own markers added. */
export function emptyTest(extra: string[] = []): (trimmed: string) => boolean {
  const markers = new Set([...EMPTY_MARKERS, ...extra.map((m) => m.trim().toLowerCase())]);
  return (trimmed) => markers.has(trimmed.toLowerCase());
}

/**
 * A value a spreadsheet would run as a formula ('=HYPERLINK(…)', '@SUM(…)', '+A1', '-B2'). Such values are kept
 * as plain text and never evaluated; a sign before a digit, currency mark or bracket is an amount or a phone.
 */
export const looksLikeFormula = (trimmed: string) => /^[=@]/.test(trimmed) || /^[+-][A-Za-z=@+-]/.test(trimmed);
