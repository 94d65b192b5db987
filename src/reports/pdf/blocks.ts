import type { Block } from '../document.ts';
import { barChartPlan } from './blocks/bar-chart.ts';
import { ganttPlan } from './blocks/gantt.ts';
import { tablePlan } from './blocks/table.ts';
import { bulletsPlan, calloutPlan, headingPlan, keyValuePlan, paragraphPlan } from './blocks/text.ts';
import type { Flow } from './flow.ts';
import { leadHeight, placePlan, type Plan } from './plan.ts';

type PlannedBlock = Exclude<Block, { kind: 'pageBreak' }>;

function planOf(flow: Flow, block: PlannedBlock): Plan {
  switch (block.kind) {
    case 'heading':
      return headingPlan(flow, block);
    case 'paragraph':
      return paragraphPlan(flow, block);
    case 'bullets':
      return bulletsPlan(flow, block);
    case 'keyValue':
      return keyValuePlan(flow, block);
    case 'table':
      return tablePlan(flow, block);
    case 'gantt':
      return ganttPlan(flow, block);
    case 'barChart':
      return barChartPlan(flow, block);
    case 'callout':
      return calloutPlan(flow, block);
  }
}

/** Height that must follow block i on its page: a heading keeps with the start of what comes after it. */
function keepHeight(flow: Flow, blocks: Block[], i: number): number {
  const next = blocks[i + 1];
  if (blocks[i].kind !== 'heading' || !next || next.kind === 'pageBreak') return 0;
  const plan = planOf(flow, next);
  return plan.spaceBefore + leadHeight(flow, plan) + keepHeight(flow, blocks, i + 1);
}

/** Lays out every block in order. An error names the block (index and kind) it came from. */
export function placeBlocks(flow: Flow, blocks: Block[]) {
  blocks.forEach((block, i) => {
    try {
      if (block.kind === 'pageBreak') {
        // A break on a page that is still empty would only leave a blank page.
        if (!flow.atPageTop) flow.newPage();
        return;
      }
      const plan = planOf(flow, block);
      // What follows a heading sits close under it.
      if (blocks[i - 1]?.kind === 'heading') plan.spaceBefore = Math.min(plan.spaceBefore, 4);
      placePlan(flow, plan, keepHeight(flow, blocks, i));
    } catch (e) {
      throw new Error(`blocks[${i}] (${block.kind}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  });
}
