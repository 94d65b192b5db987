// Node-only: reads the report fonts from assets/fonts for renderPdf (Workers bundle the bytes instead).
import { readFileSync } from 'node:fs';
import type { ReportFonts } from '../../reports/pdf/render.ts';

const font = (file: string) => readFileSync(new URL(`../../../assets/fonts/${file}`, import.meta.url));

export function loadReportFonts(): ReportFonts {
  return { regular: font('DejaVuSansCondensed.ttf'), bold: font('DejaVuSansCondensed-Bold.ttf') };
}
