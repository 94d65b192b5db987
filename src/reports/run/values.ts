/** Longest value a report cell shows, in characters; the JSON and CSV carry the full value. */
export const MAX_CELL = 200;

/**
 * How a field value reads in a report. Absent and empty are named so they are not mistaken for each other, and
 * line breaks show as ↵ so one multi-line value cannot stretch a table row over a page.
 */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return '(none)';
  if (typeof v === 'string') return v === '' ? '(empty)' : v.replace(/\r\n?|\n/g, ' ↵ ');
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return v.length ? v.map(showValue).join('; ') : '(empty list)';
  return JSON.stringify(v) ?? String(v);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** User-perceived characters, so a cut never splits an accent from its letter or an emoji sequence. */
const graphemes = (s: string) => Array.from(segmenter.segment(s), (x) => x.segment);

/**
 * At most `max` characters of `text`, marked with '…' where it was cut. The window keeps character `focus` in view
 * (a quarter of the way in), so a cut long value still shows where it differs.
 */
export function clip(text: string, max = MAX_CELL, focus = 0): string {
  if (text.length <= max) return text;
  const g = graphemes(text);
  if (g.length <= max) return text;
  const start = Math.max(0, Math.min(focus - Math.floor(max / 4), g.length - max));
  const end = start + max;
  return `${start > 0 ? '…' : ''}${g.slice(start, end).join('')}${end < g.length ? '…' : ''}`;
}

/** Index of the first character where two texts differ (the shorter one's length when one starts the other). */
export function firstDifference(a: string, b: string): number {
  const ga = graphemes(a);
  const gb = graphemes(b);
  let i = 0;
  while (i < ga.length && i < gb.length && ga[i] === gb[i]) i++;
  return i;
}
