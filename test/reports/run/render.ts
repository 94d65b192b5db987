import { loadReportFonts } from '../../../src/http/entry/report-fonts.node.ts';
import type { ReportDocument } from '../../../src/reports/document.ts';
import { renderPdf, type ReportFonts } from '../../../src/reports/pdf/render.ts';
import { pdfPages, pdfRawText, pdfText } from '../../helpers/pdf.ts';

let fonts: ReportFonts | undefined;

/** Renders with the real fonts and renderer; returns the layout text, the drawing-order text and the page count. */
export async function rendered(doc: ReportDocument) {
  fonts ??= loadReportFonts();
  const bytes = await renderPdf(doc, fonts, { creationDate: new Date('2026-05-01T10:00:00Z') });
  const [text, raw, pages] = await Promise.all([pdfText(bytes), pdfRawText(bytes), pdfPages(bytes)]);
  return { text, raw, pages };
}

/** Blocks of one kind, typed. */
export const blocksOf = <K extends ReportDocument['blocks'][number]['kind']>(doc: ReportDocument, kind: K) =>
  doc.blocks.filter((b): b is Extract<ReportDocument['blocks'][number], { kind: K }> => b.kind === kind);
