import type { Block } from '../../document.ts';
import type { Flow, TextStyle } from '../flow.ts';
import { requireFinite } from '../numbers.ts';
import type { Plan } from '../plan.ts';
import type { Cell, Row } from '../rows.ts';
import { COLOR, SIZE } from '../theme.ts';
import { captionRows, emptyRow } from './shared-rows.ts';

type Table = Extract<Block, { kind: 'table' }>;
type RowTone = Table['rows'][number]['tone'];

const cellStyle = (tone: RowTone): TextStyle => ({
  face: tone === 'strong' ? 'bold' : 'regular',
  size: SIZE.table,
  color: tone === 'muted' ? COLOR.muted : tone === 'warning' ? COLOR.warningInk : COLOR.ink,
  lineGap: 1,
});

/** Column left edges and widths: each column's share of the content width is its weight over the total. */
function columnGeometry(flow: Flow, columns: Table['columns']) {
  requireFinite(columns.map((c, i) => [`columns[${i}].width`, c.width]));
  columns.forEach((c, i) => {
    if (c.width <= 0) throw new Error(`columns[${i}].width is ${c.width}, expected a positive weight`);
  });
  const total = columns.reduce((s, c) => s + c.width, 0);
  let x = flow.left;
  return columns.map((c) => {
    const width = (flow.width * c.width) / total;
    const col = { x, width };
    x += width;
    return col;
  });
}

export function tablePlan(flow: Flow, block: Table): Plan {
  if (block.columns.length === 0) throw new Error('a table needs at least one column');
  const cols = columnGeometry(flow, block.columns);
  const pad = SIZE.cellPadX;
  const cells = (texts: string[], style: TextStyle): Cell[] =>
    texts.map((text, i) => ({ text, x: cols[i].x + pad, width: cols[i].width - 2 * pad, style, align: block.columns[i].align ?? 'left' }));
  const right = flow.left + flow.width;

  const header: Row = {
    cells: cells(block.columns.map((c) => c.label), { face: 'bold', size: SIZE.table, color: COLOR.ink, lineGap: 1 }),
    padTop: SIZE.cellPadY + 1,
    padBottom: SIZE.cellPadY + 1,
    paint: (y, height) => {
      flow.fillRect(flow.left, y, flow.width, height, COLOR.headerFill);
      flow.hline(flow.left, right, y + height, COLOR.accent, 0.8);
    },
  };

  const last = block.rows.length - 1;
  const body: Row[] = block.rows.map((r, i) => {
    if (r.cells.length !== block.columns.length) {
      throw new Error(`rows[${i}] has ${r.cells.length} cells, expected ${block.columns.length} (one per column)`);
    }
    return {
      cells: cells(r.cells, cellStyle(r.tone)),
      padTop: SIZE.cellPadY,
      padBottom: SIZE.cellPadY,
      paint: (y, height) => {
        if (r.tone === 'warning') flow.fillRect(flow.left, y, flow.width, height, COLOR.warningFill);
        else if (i % 2 === 1) flow.fillRect(flow.left, y, flow.width, height, COLOR.zebra);
        if (i === last) flow.hline(flow.left, right, y + height);
      },
    };
  });
  if (body.length === 0) body.push(emptyRow(flow, block.emptyText ?? 'No rows.'));
  return { head: [...captionRows(flow, block.caption), header], body, repeat: header, spaceBefore: SIZE.blockGap + 2 };
}
