import type { ReportDocument } from '../document.ts';
import type { Flow, TextStyle } from './flow.ts';
import { COLOR, PAGE, SIZE } from './theme.ts';

/**
 * Draws what every page carries once the page count is known: an accent band on the first page, the running
 * header on the others, and a footer with the title and "Page X of Y" on all.
 */
export function drawPageFurniture(flow: Flow, report: ReportDocument) {
  const { doc } = flow;
  const style: TextStyle = { face: 'regular', size: SIZE.small, color: COLOR.muted };
  const right = flow.left + flow.width;
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    const page = doc.switchToPage(i);
    // Text inside the bottom margin would otherwise make pdfkit start a new page.
    page.margins.bottom = 0;
    const label = `Page ${i - start + 1} of ${count}`;
    const labelWidth = flow.textWidth(label, style) + 2;
    if (i === start) {
      flow.fillRect(0, 0, page.width, 6, COLOR.accent);
    } else {
      flow.line(report.header, style, flow.left, PAGE.headerY, flow.width);
      flow.hline(flow.left, right, PAGE.headerRuleY);
    }
    const footerY = page.height - PAGE.footerTextOffset;
    flow.hline(flow.left, right, page.height - PAGE.footerRuleOffset);
    flow.line(report.title, style, flow.left, footerY, flow.width - labelWidth - 16);
    flow.line(label, style, right - labelWidth, footerY, labelWidth, 'right');
  }
}
