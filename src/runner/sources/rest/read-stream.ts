import type { Json, SourceMessage, SourceRow } from '../../protocol.ts';
import type { ApiRecord, Page, PageAt } from './pagination.ts';
import { parseRestState, type RestState } from './resume.ts';

export interface StreamRead {
  stream: string;
  /** API field → export header; a field not listed keeps its own name. */
  headers: Map<string, string>;
  pageSize: number;
  /** Pages fetched at once (offset and page pagination; cursors are sequential by nature). */
  workers: number;
  cursorPagination: boolean;
  since: string | null;
  fetchPage: (at: PageAt, signal: AbortSignal) => Promise<Page>;
  signal: AbortSignal;
}

/** An API record as the export row it stands for: export headers, text cells, lists kept, empty values absent (as readTable does). */
export function toSourceRow(record: ApiRecord, headers: Map<string, string>): SourceRow {
  const row: SourceRow = {};
  for (const [field, value] of Object.entries(record)) {
    if (value === null || value === undefined || value === '') continue;
    const header = headers.get(field) ?? field;
    if (Array.isArray(value)) row[header] = value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    else row[header] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return row;
}

/**
 * Index-paged answers in order. Up to `workers` pages are in flight (after a first full page shows there is more to
 * read), so memory holds at most that many pages; a short page ends the stream, and pages asked past it are dropped.
 */
async function* indexedPages(r: StreamRead, first: number): AsyncGenerator<{ index: number; page: Page }> {
  const stop = new AbortController();
  const signal = AbortSignal.any([r.signal, stop.signal]);
  const inFlight = new Map<number, Promise<Page>>();
  let asked = first;
  let width = 1;
  try {
    for (let index = first; ; index++) {
      while (asked < index + width) {
        const pending = r.fetchPage({ index: asked }, signal);
        pending.catch(() => {}); // awaited in turn below; a page dropped past the end must not fail unheard
        inFlight.set(asked++, pending);
      }
      const page = await inFlight.get(index)!;
      inFlight.delete(index);
      yield { index, page };
      if (page.records.length < r.pageSize) return;
      width = r.workers;
    }
  } finally {
    stop.abort(new Error(`reading ${r.stream} stopped`));
    await Promise.allSettled(inFlight.values());
  }
}

/** One stream's records and checkpoints (one after every page, so a resumed read repeats at most a page in flight). */
export async function* readRestStream(r: StreamRead, state: Json | null): AsyncGenerator<SourceMessage> {
  r.signal.throwIfAborted();
  const resumed = parseRestState(r.stream, state, r.since);
  if (resumed && 'page' in resumed === r.cursorPagination)
    throw new Error(`${r.stream}: the resume state was taken with ${r.cursorPagination ? 'page' : 'cursor'} pagination, this API pages by ${r.cursorPagination ? 'cursor' : 'index'}`);
  let rows = resumed?.rows ?? 0;
  const records = function* (page: Page): Generator<SourceMessage> {
    for (const record of page.records) {
      rows++;
      // Line numbers as an export with a header row would have them, so problems point at the same place.
      yield { type: 'record', stream: r.stream, data: toSourceRow(record, r.headers), position: { file: r.stream, line: rows + 1 } };
    }
  };
  const checkpoint = (s: RestState): SourceMessage => ({ type: 'checkpoint', stream: r.stream, state: s });

  if (!r.cursorPagination) {
    const first = resumed && 'page' in resumed ? resumed.page : 0;
    for await (const { index, page } of indexedPages(r, first)) {
      yield* records(page);
      yield checkpoint({ page: index + 1, rows, since: r.since });
    }
    return;
  }
  let at: { cursor: string | null; done: boolean } = resumed && 'cursor' in resumed ? resumed : { cursor: null, done: false };
  if (at.done) return void (yield checkpoint({ ...at, rows, since: r.since }));
  while (!at.done) {
    const page = await r.fetchPage({ cursor: at.cursor }, r.signal);
    yield* records(page);
    at = { cursor: page.next, done: page.next === null };
    yield checkpoint({ ...at, rows, since: r.since });
  }
}
