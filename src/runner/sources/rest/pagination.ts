import type { RestPagination } from '../../../../rules/schema/platform.ts';
import { RestSourceError } from './rest-error.ts';

export type ApiRecord = Record<string, unknown>;

/** Where a page starts: its 0-based index for offset and page pagination, the server's cursor (null: the first page) otherwise. */
export type PageAt = { index: number } | { cursor: string | null };

export interface Page {
  records: ApiRecord[];
  /** Cursor pagination: the next page's cursor, null after the last page. */
  next: string | null;
}

/** The query parameters asking for one page of `size` records. */
export function pageQuery(p: RestPagination, size: number, at: PageAt): [string, string][] {
  if ('index' in at) {
    if (p.kind === 'offset') return [[p.offsetParam, String(at.index * size)], [p.limitParam, String(size)]];
    if (p.kind === 'page') return [[p.pageParam, String(p.firstPage + at.index)], [p.sizeParam, String(size)]];
    throw new Error(`a ${p.kind} pagination has no page indexes`);
  }
  if (p.kind !== 'cursor') throw new Error(`a ${p.kind} pagination has no cursors`);
  return at.cursor === null ? [[p.sizeParam, String(size)]] : [[p.cursorParam, at.cursor], [p.sizeParam, String(size)]];
}

/** Reads one answer by the declaration; anything else is an error naming the endpoint and the field. */
export function readPage(p: RestPagination, answer: unknown, endpoint: string, size: number): Page {
  const body = answer !== null && typeof answer === 'object' && !Array.isArray(answer) ? (answer as Record<string, unknown>) : null;
  const records = body?.[p.recordsField];
  if (!Array.isArray(records) || !records.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r)))
    throw new RestSourceError(endpoint, 200, `the answer's "${p.recordsField}" is not a list of records`, false);
  // More records than asked for would shift every later offset: the declared page size is wrong for this instance.
  if (records.length > size) throw new RestSourceError(endpoint, 200, `answered ${records.length} records for a page of ${size}`, false);
  if (p.kind !== 'cursor') return { records: records as ApiRecord[], next: null };
  const next = body![p.nextField];
  if (next !== null && next !== undefined && typeof next !== 'string')
    throw new RestSourceError(endpoint, 200, `the answer's "${p.nextField}" is not a cursor`, false);
  return { records: records as ApiRecord[], next: next || null };
}
