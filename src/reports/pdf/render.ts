import PDFDocument from 'pdfkit';
import type { ReportDocument } from '../document.ts';
import { placeBlocks } from './blocks.ts';
import { Flow } from './flow.ts';
import { drawPageFurniture } from './page-furniture.ts';
import { placePlan } from './plan.ts';
import { FONT, PAGE } from './theme.ts';
import { titlePlan } from './title-block.ts';

/** TrueType bytes of the two faces every report uses (DejaVu Sans Condensed, from assets/fonts). */
export interface ReportFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

/**
 * Renders any report document to PDF bytes. Runs on Node and on Workers: fonts come in as bytes and the output is
 * collected from the document stream. With the same document and creationDate the text of the PDF is identical.
 */
export async function renderPdf(report: ReportDocument, fonts: ReportFonts, options: { creationDate?: Date } = {}): Promise<Uint8Array> {
  const date = options.creationDate ?? new Date();
  const doc = new PDFDocument({
    // null skips pdfkit's default Helvetica, which it would read from disk (impossible on Workers).
    font: null as unknown as string,
    bufferPages: true,
    size: PAGE.size,
    margins: { ...PAGE.margins },
    info: {
      Title: report.title,
      ...(report.subtitle ? { Subject: report.subtitle } : {}),
      Creator: 'Ferry',
      Producer: 'Ferry (pdfkit)',
      CreationDate: date,
      ModDate: date,
    },
    displayTitle: true,
  });
  const bytes = collect(doc);
  doc.registerFont(FONT.regular, fonts.regular);
  doc.registerFont(FONT.bold, fonts.bold);

  const flow = new Flow(doc);
  placePlan(flow, titlePlan(flow, report));
  placeBlocks(flow, report.blocks);
  drawPageFurniture(flow, report);
  doc.end();
  return bytes;
}

function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('error', reject);
    doc.on('end', () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    });
  });
}
