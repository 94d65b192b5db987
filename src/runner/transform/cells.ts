import { emptyTest } from '../../scoping/discovery/profile/cell.ts';

/** Zero dates some exports write for "no date", on top of the profiler's markers (which include 0000-00-00). */
const isEmpty = emptyTest(['00/00/0000', '00.00.0000', '0000-00-00T00:00:00', '0000-00-00T00:00:00Z']);

/** A cell with surrounding spaces removed; undefined when it holds no value. JSON list cells keep their non-empty items. */
export function readCell(cell: string | string[] | undefined): string | string[] | undefined {
  if (cell === undefined) return undefined;
  if (Array.isArray(cell)) {
    const items = cell.map((c) => c.trim()).filter((c) => !isEmpty(c));
    return items.length ? items : undefined;
  }
  const text = cell.trim();
  return isEmpty(text) ? undefined : text;
}

/** The items of a multi-value cell: split on the separator, trimmed, empties dropped, repeats (ignoring case) dropped. */
export function splitItems(cell: string | string[], separator: string | RegExp): string[] {
  const parts = Array.isArray(cell) ? cell : cell.split(separator);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of parts) {
    const item = raw.trim();
    const key = item.toLowerCase();
    if (!item || isEmpty(item) || seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** A value as a quarantine reason quotes it: cut to 60 characters, line breaks shown as ⏎. */
export function quote(value: string): string {
  const flat = value.replace(/\r\n?|\n/g, '⏎');
  return `'${flat.length > 60 ? `${flat.slice(0, 59)}…` : flat}'`;
}
