import type { Block, Tone } from '../../document.ts';
import type { Flow, TextStyle } from '../flow.ts';
import type { Plan } from '../plan.ts';
import type { Row } from '../rows.ts';
import { COLOR, SIZE } from '../theme.ts';

type Of<K extends Block['kind']> = Extract<Block, { kind: K }>;

export const bodyStyle = (tone: Tone = 'normal'): TextStyle => ({
  face: 'regular',
  size: SIZE.body,
  color: tone === 'muted' ? COLOR.muted : tone === 'warning' ? COLOR.warningInk : COLOR.ink,
  lineGap: SIZE.lineGap,
});

const HEADING = {
  1: { size: SIZE.h1, color: COLOR.accent, spaceBefore: 18, padBottom: 7 },
  2: { size: SIZE.h2, color: COLOR.ink, spaceBefore: 14, padBottom: 4 },
  3: { size: SIZE.h3, color: COLOR.ink, spaceBefore: 10, padBottom: 3 },
} as const;

export function headingPlan(flow: Flow, block: Of<'heading'>): Plan {
  const h = HEADING[block.level];
  const row: Row = {
    cells: [{ text: block.text, x: flow.left, width: flow.width, style: { face: 'bold', size: h.size, color: h.color } }],
    padTop: 0,
    padBottom: h.padBottom,
    // A top-level heading is underlined so sections stand apart.
    paint: block.level === 1 ? (y, height) => flow.hline(flow.left, flow.left + flow.width, y + height - 3, COLOR.accent, 0.8) : undefined,
  };
  return { head: [row], body: [], spaceBefore: h.spaceBefore };
}

export function paragraphPlan(flow: Flow, block: Of<'paragraph'>): Plan {
  const cell = { text: block.text, x: flow.left, width: flow.width, style: bodyStyle(block.tone) };
  return { head: [], body: [{ cells: [cell], padTop: 0, padBottom: 0 }], spaceBefore: SIZE.blockGap };
}

export function bulletsPlan(flow: Flow, block: Of<'bullets'>): Plan {
  const indent = 14;
  const body = block.items.map(
    (item): Row => ({
      cells: [
        { text: '•', x: flow.left + 3, width: indent, style: { ...bodyStyle(), color: COLOR.accent } },
        { text: item, x: flow.left + indent, width: flow.width - indent, style: bodyStyle() },
      ],
      padTop: 0,
      padBottom: 3,
    }),
  );
  return { head: [], body, spaceBefore: SIZE.blockGap };
}

export function keyValuePlan(flow: Flow, block: Of<'keyValue'>): Plan {
  const labelWidth = Math.round(flow.width * 0.3);
  const gap = 10;
  const body = block.rows.map(
    (r, i): Row => ({
      cells: [
        { text: r.label, x: flow.left + 6, width: labelWidth - 6, style: { ...bodyStyle(), face: 'bold', color: COLOR.muted } },
        { text: r.value, x: flow.left + labelWidth + gap, width: flow.width - labelWidth - gap - 6, style: bodyStyle() },
      ],
      padTop: 4,
      padBottom: 4,
      paint: (y, height) => {
        if (i % 2 === 0) flow.fillRect(flow.left, y, flow.width, height, COLOR.zebra);
      },
    }),
  );
  return { head: [], body, spaceBefore: SIZE.blockGap };
}

export function calloutPlan(flow: Flow, block: Of<'callout'>): Plan {
  const tone = COLOR[block.tone];
  const inset = 14;
  const paint = (y: number, height: number) => {
    flow.fillRect(flow.left, y, flow.width, height, tone.fill);
    flow.fillRect(flow.left, y, 3, height, tone.bar);
  };
  const cell = (text: string, style: TextStyle) => ({ text, x: flow.left + inset, width: flow.width - 2 * inset, style });
  return {
    head: [{ cells: [cell(block.title, { ...bodyStyle(), face: 'bold', color: tone.ink })], padTop: 8, padBottom: 3, paint }],
    body: [{ cells: [cell(block.text, bodyStyle())], padTop: 0, padBottom: 9, paint }],
    spaceBefore: SIZE.blockGap + 2,
  };
}
