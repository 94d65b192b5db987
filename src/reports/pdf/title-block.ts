import type { ReportDocument } from '../document.ts';
import type { Flow, TextStyle } from './flow.ts';
import type { Plan } from './plan.ts';
import type { Row } from './rows.ts';
import { COLOR, SIZE } from './theme.ts';

const META_COLUMNS = 3;

/** Title, subtitle and the meta grid (label over value, three to a line, on a shaded panel). */
export function titlePlan(flow: Flow, doc: ReportDocument): Plan {
  const full = (text: string, style: TextStyle, padBottom: number): Row => ({
    cells: [{ text, x: flow.left, width: flow.width, style }],
    padTop: 0,
    padBottom,
  });
  const head = [full(doc.title, { face: 'bold', size: SIZE.title, color: COLOR.ink, lineGap: 1 }, doc.subtitle ? 4 : 12)];
  if (doc.subtitle) head.push(full(doc.subtitle, { face: 'regular', size: SIZE.subtitle, color: COLOR.muted, lineGap: 1 }, 12));

  const inset = 10;
  const colWidth = (flow.width - 2 * inset) / META_COLUMNS;
  const labelStyle: TextStyle = { face: 'bold', size: SIZE.small, color: COLOR.muted };
  const valueStyle: TextStyle = { face: 'regular', size: SIZE.body, color: COLOR.ink, lineGap: 1 };
  const panel = (y: number, height: number) => flow.fillRect(flow.left, y, flow.width, height, COLOR.panel);
  const body: Row[] = [];
  for (let i = 0; i < doc.meta.length; i += META_COLUMNS) {
    const line = doc.meta.slice(i, i + META_COLUMNS);
    const cells = (pick: (m: ReportDocument['meta'][number]) => string, style: TextStyle) =>
      line.map((m, j) => ({ text: pick(m), x: flow.left + inset + j * colWidth, width: colWidth - 12, style }));
    const first = i === 0;
    const last = i + META_COLUMNS >= doc.meta.length;
    body.push({ cells: cells((m) => m.label.toUpperCase(), labelStyle), padTop: first ? 9 : 4, padBottom: 2, paint: panel });
    body.push({ cells: cells((m) => m.value, valueStyle), padTop: 0, padBottom: last ? 9 : 4, paint: panel });
  }
  return { head, body, spaceBefore: 0 };
}
