import type { Flow } from './flow.ts';
import { placeRow, rowHeight, type Row } from './rows.ts';

/** A block laid out as rows, ready to place. */
export interface Plan {
  /** Rows that open the block (caption, header, legend); kept on one page with the first body row. */
  head: Row[];
  body: Row[];
  /** Redrawn at the top of each page the body continues on. */
  repeat?: Row;
  /** Space above the block unless it starts a page. */
  spaceBefore: number;
}

/** How much of a plan must fit together: its head and the first body row (or its first lines when that row is long). */
export function leadHeight(flow: Flow, plan: Plan) {
  const head = plan.head.reduce((sum, r) => sum + rowHeight(flow, r), 0);
  const first = plan.body[0];
  return head + (first ? Math.min(rowHeight(flow, first), flow.pageHeight / 4) : 0);
}

/** Places a plan; `keep` is extra height that must follow it on the same page (a heading keeps with its next block). */
export function placePlan(flow: Flow, plan: Plan, keep = 0) {
  flow.ensure(plan.spaceBefore + leadHeight(flow, plan) + keep);
  if (!flow.atPageTop) flow.y = Math.min(flow.y + plan.spaceBefore, flow.bottom);
  for (const row of plan.head) placeRow(flow, row);
  for (const row of plan.body) placeRow(flow, row, plan.repeat);
}
