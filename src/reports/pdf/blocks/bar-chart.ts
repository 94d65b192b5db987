import type { Block } from '../../document.ts';
import type { Flow, TextStyle } from '../flow.ts';
import { formatNumber, requireFinite } from '../numbers.ts';
import type { Plan } from '../plan.ts';
import type { Cell, Row } from '../rows.ts';
import { COLOR, SIZE } from '../theme.ts';
import { captionRows, emptyRow } from './shared-rows.ts';

type BarChart = Extract<Block, { kind: 'barChart' }>;

const BAR_HEIGHT = 9;
const BAR_GAP = 3;
const SWATCH = 8;

const seriesColor = (i: number) => COLOR.series[i % COLOR.series.length];

function checkGroups(block: BarChart) {
  block.groups.forEach((g, i) => {
    if (g.values.length !== block.series.length) {
      throw new Error(`groups[${i}] ("${g.label}") has ${g.values.length} values, expected ${block.series.length} (one per series)`);
    }
    requireFinite(g.values.map((v, j) => [`groups[${i}].values[${j}]`, v]));
    g.values.forEach((v, j) => {
      if (v < 0) throw new Error(`groups[${i}].values[${j}] is ${v}; a bar chart shows counts, which cannot be negative`);
    });
  });
}

/** The legend as one row: swatch + series name, flowing onto further lines when the names are many. */
function legendRow(flow: Flow, series: string[]): Row {
  const style: TextStyle = { face: 'regular', size: SIZE.small, color: COLOR.ink };
  const lineStep = flow.lineHeight(style) + 3;
  const maxName = flow.width - SWATCH - 4;
  const cells: Cell[] = [];
  const swatches: { x: number; dy: number; color: string }[] = [];
  let x = flow.left;
  let dy = 0;
  series.forEach((name, i) => {
    const width = Math.min(flow.textWidth(name, style) + 1, maxName);
    if (x > flow.left && x + SWATCH + 4 + width > flow.left + flow.width) {
      x = flow.left;
      dy = cells.reduce((m, c) => Math.max(m, (c.dy ?? 0) + flow.measure(c.text, c.style, c.width)), 0) + 3;
    }
    swatches.push({ x, dy, color: seriesColor(i) });
    cells.push({ text: name, x: x + SWATCH + 4, width, style, dy });
    x += SWATCH + 4 + width + 14;
  });
  return {
    cells,
    padTop: 0,
    padBottom: 8,
    minHeight: lineStep,
    paint: (y) => swatches.forEach((s) => flow.fillRect(s.x, y + s.dy + 1, SWATCH, SWATCH, s.color)),
  };
}

/** Grouped horizontal bars: per group a label, then one bar per series with its value printed at the bar's end. */
export function barChartPlan(flow: Flow, block: BarChart): Plan {
  checkGroups(block);
  const small: TextStyle = { face: 'regular', size: SIZE.small, color: COLOR.ink };
  const max = Math.max(0, ...block.groups.flatMap((g) => g.values));
  const valueRoom = Math.max(0, ...block.groups.flatMap((g) => g.values.map((v) => flow.textWidth(formatNumber(v), small)))) + 6;
  const labelWidth = Math.round(flow.width * 0.28);
  const plotX = flow.left + labelWidth + 10;
  const plotW = flow.left + flow.width - plotX - valueRoom;
  // A small non-zero count still gets a visible sliver, so it never reads as zero.
  const length = (v: number) => (v === 0 ? 0 : Math.max((v / max) * plotW, 1.5));
  const barsHeight = block.series.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP;
  const valueDy = (BAR_HEIGHT - flow.lineHeight(small)) / 2;

  const body = block.groups.map(
    (g, i): Row => ({
      cells: [
        { text: g.label, x: flow.left + 4, width: labelWidth - 4, style: { face: 'regular', size: SIZE.table, color: COLOR.ink, lineGap: 1 } },
        ...g.values.map((v, j) => ({
          text: formatNumber(v),
          x: plotX + length(v) + 4,
          width: valueRoom,
          style: small,
          dy: j * (BAR_HEIGHT + BAR_GAP) + valueDy,
        })),
      ],
      padTop: 6,
      padBottom: 6,
      minHeight: barsHeight + 12,
      paint: (y, height, part) => {
        if (i % 2 === 1) flow.fillRect(flow.left, y, flow.width, height, COLOR.zebra);
        flow.vline(plotX, y, y + height, COLOR.muted, 0.6);
        if (part > 0) return;
        g.values.forEach((v, j) => flow.fillRect(plotX, y + 6 + j * (BAR_HEIGHT + BAR_GAP), length(v), BAR_HEIGHT, seriesColor(j)));
      },
    }),
  );
  if (body.length === 0) body.push(emptyRow(flow, 'No data.'));
  const legend = legendRow(flow, block.series);
  return { head: [...captionRows(flow, block.caption), legend], body, repeat: legend, spaceBefore: SIZE.blockGap + 2 };
}
