import type { Flow } from '../flow.ts';
import type { Row } from '../rows.ts';
import { COLOR, SIZE } from '../theme.ts';

/** The bold line above a table or chart; none when the block has no caption. */
export function captionRows(flow: Flow, caption: string | undefined): Row[] {
  if (!caption) return [];
  const style = { face: 'bold', size: SIZE.body, color: COLOR.ink, lineGap: SIZE.lineGap } as const;
  return [{ cells: [{ text: caption, x: flow.left, width: flow.width, style }], padTop: 0, padBottom: 5 }];
}

/** The muted line a table or chart shows in place of rows when it has none, so an empty block is never blank. */
export function emptyRow(flow: Flow, text: string): Row {
  const style = { face: 'regular', size: SIZE.table, color: COLOR.muted } as const;
  return {
    cells: [{ text, x: flow.left + SIZE.cellPadX, width: flow.width - 2 * SIZE.cellPadX, style }],
    padTop: SIZE.cellPadY + 2,
    padBottom: SIZE.cellPadY + 2,
    paint: (y, height) => flow.hline(flow.left, flow.left + flow.width, y + height),
  };
}
