import type { Block } from '../../document.ts';
import type { Flow, TextStyle } from '../flow.ts';
import { formatNumber, niceScale, requireFinite } from '../numbers.ts';
import type { Plan } from '../plan.ts';
import type { Row } from '../rows.ts';
import { COLOR, SIZE } from '../theme.ts';
import { captionRows, emptyRow } from './shared-rows.ts';

type Gantt = Extract<Block, { kind: 'gantt' }>;
type Bar = Gantt['bars'][number];

const BAR_HEIGHT = 10;
const ROW_PAD = 5;
const VALUE_WIDTH = 92;
const TAIL_OPACITY = 0.3;

function checkBars(bars: Bar[]) {
  bars.forEach((b, i) => {
    requireFinite([[`bars[${i}].start`, b.start], [`bars[${i}].end`, b.end], [`bars[${i}].endMax`, b.endMax]]);
    if (b.end < b.start) throw new Error(`bars[${i}] ("${b.label}") ends at ${b.end}, before its start ${b.start}`);
    if (b.endMax !== undefined && b.endMax < b.end) {
      throw new Error(`bars[${i}] ("${b.label}") has endMax ${b.endMax} below its end ${b.end}`);
    }
  });
}

/** "2–5 d", "7 d" for a zero-length phase, or "2–5 d (≤9)" when the bar has a range tail. */
function barValue(b: Bar, unit: string) {
  const span = b.end === b.start ? formatNumber(b.end) : `${formatNumber(b.start)}–${formatNumber(b.end)}`;
  const range = `${span} ${unit}`;
  return b.endMax !== undefined && b.endMax > b.end ? `${range} (≤${formatNumber(b.endMax)})` : range;
}

/** A timeline: a label column, a tick scale (repeated on each page), and one bar per phase with its values. */
export function ganttPlan(flow: Flow, block: Gantt): Plan {
  checkBars(block.bars);
  const unit = block.unit === 'days' ? 'd' : 'h';
  const labelWidth = Math.round(flow.width * 0.3);
  const plotX = flow.left + labelWidth + 10;
  const plotW = flow.width - labelWidth - 10 - VALUE_WIDTH - 8;
  const valueX = plotX + plotW + 8;
  const ends = block.bars.flatMap((b) => [b.start, b.end, b.endMax ?? b.end]);
  const scale = niceScale(Math.min(0, ...ends), Math.max(0, ...ends));
  const xOf = (v: number) => plotX + ((v - scale.min) / (scale.max - scale.min)) * plotW;
  const small: TextStyle = { face: 'regular', size: SIZE.small, color: COLOR.muted };
  const grid = (y: number, height: number) => scale.ticks.forEach((t) => flow.vline(xOf(t), y, y + height, COLOR.rule, 0.4));

  const scaleRow: Row = {
    cells: [
      ...scale.ticks.map((t) => ({ text: formatNumber(t), x: xOf(t) - 20, width: 40, style: small, align: 'center' as const })),
      { text: block.unit, x: valueX, width: VALUE_WIDTH, style: small, align: 'right' },
    ],
    padTop: 2,
    padBottom: 6,
    paint: (y, height) => {
      flow.hline(plotX, plotX + plotW, y + height, COLOR.muted, 0.6);
      scale.ticks.forEach((t) => flow.vline(xOf(t), y + height - 3, y + height, COLOR.muted, 0.6));
    },
  };

  const labelStyle: TextStyle = { face: 'regular', size: SIZE.table, color: COLOR.ink, lineGap: 1 };
  const valueStyle: TextStyle = { ...small, color: COLOR.ink };
  const labelTextWidth = labelWidth - 4;
  const body = block.bars.map((b, i): Row => {
    const color = COLOR.bar[b.tone ?? 'normal'];
    // Label, bar and value share one centre line, however many lines the label wraps to.
    const labelHeight = flow.measure(b.label, labelStyle, labelTextWidth);
    const content = Math.max(labelHeight, BAR_HEIGHT + 2);
    const middle = (h: number) => (content - h) / 2;
    return {
      cells: [
        { text: b.label, x: flow.left + 4, width: labelTextWidth, style: labelStyle, dy: middle(labelHeight) },
        { text: barValue(b, unit), x: valueX, width: VALUE_WIDTH, style: valueStyle, align: 'right', dy: middle(flow.lineHeight(valueStyle)) },
      ],
      padTop: ROW_PAD,
      padBottom: ROW_PAD,
      paint: (y, height, part) => {
        if (i % 2 === 1) flow.fillRect(flow.left, y, flow.width, height, COLOR.zebra);
        grid(y, height);
        if (part > 0) return;
        const top = y + ROW_PAD + middle(BAR_HEIGHT);
        const x0 = xOf(b.start);
        // A zero-length phase still shows as a thin mark.
        flow.fillRect(x0, top, Math.max(xOf(b.end) - x0, 2), BAR_HEIGHT, color);
        if (b.endMax !== undefined && b.endMax > b.end) {
          flow.fillRect(xOf(b.end), top, xOf(b.endMax) - xOf(b.end), BAR_HEIGHT, color, TAIL_OPACITY);
        }
      },
    };
  });
  const caption = captionRows(flow, block.caption);
  const spaceBefore = SIZE.blockGap + 2;
  if (body.length === 0) return { head: caption, body: [emptyRow(flow, 'No phases.')], spaceBefore };
  return { head: [...caption, scaleRow], body, repeat: scaleRow, spaceBefore };
}
