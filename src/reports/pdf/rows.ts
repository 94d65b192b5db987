import type { Flow, TextStyle } from './flow.ts';

export interface Cell {
  text: string;
  x: number;
  width: number;
  style: TextStyle;
  align?: 'left' | 'right' | 'center';
  /** Offset below the row's top padding, for cells stacked inside one band (chart values, legend lines). */
  dy?: number;
}

/** A horizontal band of cells: the unit every block is laid out in. */
export interface Row {
  cells: Cell[];
  padTop: number;
  padBottom: number;
  /** Smallest height of the band even when its text is shorter (a gantt bar, a chart group). */
  minHeight?: number;
  /** Paints behind the text of one page's part of the row; part 0 is the first (usually only) part. */
  paint?: (y: number, height: number, part: number) => void;
}

export function rowHeight(flow: Flow, row: Row) {
  const text = Math.max(0, ...row.cells.map((c) => (c.dy ?? 0) + flow.measure(c.text, c.style, c.width)));
  return Math.max(row.padTop + text + row.padBottom, row.minHeight ?? 0);
}

/**
 * Places a row at the cursor. A row never straddles the page bottom: it moves whole to the next page when it fits
 * on one; a row taller than a page is split between lines (at a space when there is one) and continues on the
 * next page below the repeated header, so no text is ever dropped or clipped. `repeat` is redrawn at the top of
 * each page the row continues on (a table's header row, a chart's scale).
 */
export function placeRow(flow: Flow, row: Row, repeat?: Row) {
  let cells = row.cells;
  let part = 0;
  let freshPage = false;
  const pads = row.padTop + row.padBottom;
  const minSplit = pads + 2 * Math.max(...cells.map((c) => flow.lineHeight(c.style)));
  for (;;) {
    const current = { ...row, cells };
    const height = rowHeight(flow, current);
    if (height <= flow.remaining) {
      draw(flow, current, height, part);
      flow.y += height;
      return;
    }
    const freshRoom = flow.pageHeight - (repeat ? rowHeight(flow, repeat) : 0);
    if (!freshPage && (height <= freshRoom || flow.remaining < minSplit)) {
      continueOnNewPage(flow, repeat);
      freshPage = true;
      continue;
    }
    const room = flow.remaining - pads;
    const parts = cells.map((c) => splitToFit(flow, c, room));
    if (parts.every(([head]) => head === '')) {
      throw new Error(`a row cannot fit even one line on an empty page (${room.toFixed(0)}pt free)`);
    }
    draw(flow, { ...current, cells: parts.map(([head], i) => ({ ...cells[i], text: head })) }, flow.remaining, part);
    cells = parts.map(([, tail], i) => ({ ...cells[i], text: tail, dy: 0 }));
    part += 1;
    continueOnNewPage(flow, repeat);
    freshPage = true;
  }
}

function continueOnNewPage(flow: Flow, repeat: Row | undefined) {
  flow.newPage();
  if (repeat) placeRow(flow, repeat);
}

function draw(flow: Flow, row: Row, height: number, part: number) {
  row.paint?.(flow.y, height, part);
  for (const c of row.cells) flow.text(c.text, c.style, c.x, flow.y + row.padTop + (c.dy ?? 0), c.width, c.align);
}

/** Splits a cell's text into the longest head that fits `room` points of height, and the rest. */
function splitToFit(flow: Flow, cell: Cell, room: number): [string, string] {
  const { text } = cell;
  const fits = (n: number) => (cell.dy ?? 0) + flow.measure(text.slice(0, n), cell.style, cell.width) <= room;
  if (fits(text.length)) return [text, ''];
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  // Prefer to cut at the last space of the head so a word is not broken across pages.
  const space = Math.max(text.lastIndexOf(' ', lo), text.lastIndexOf('\n', lo));
  const cut = space > lo / 2 ? space : lo;
  return [text.slice(0, cut).trimEnd(), text.slice(cut).trimStart()];
}
