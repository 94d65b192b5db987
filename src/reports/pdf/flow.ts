import type PDFDocument from 'pdfkit';
import { COLOR, FONT } from './theme.ts';

type Doc = InstanceType<typeof PDFDocument>;

export interface TextStyle {
  face: keyof typeof FONT;
  size: number;
  color: string;
  lineGap?: number;
}

/** Tabs, carriage returns and other control characters have no glyph; they print as spaces and line breaks. */
const printable = (text: string) => text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');

/**
 * The page cursor. Blocks lay themselves out top to bottom through it; it measures and draws text with the same
 * wrapping pdfkit uses, and only it adds pages, so pdfkit never breaks a page on its own.
 */
export class Flow {
  y: number;
  readonly left: number;
  readonly width: number;
  readonly top: number;
  readonly bottom: number;

  constructor(readonly doc: Doc) {
    const { margins, height, width } = doc.page;
    this.left = margins.left;
    this.width = width - margins.left - margins.right;
    this.top = margins.top;
    this.bottom = height - margins.bottom;
    this.y = this.top;
  }

  get remaining() {
    return this.bottom - this.y;
  }

  /** The usable height of a whole page. */
  get pageHeight() {
    return this.bottom - this.top;
  }

  get atPageTop() {
    return this.y === this.top;
  }

  newPage() {
    this.doc.addPage();
    this.y = this.top;
  }

  /** Starts a new page unless `height` fits below the cursor or the page is still empty. */
  ensure(height: number) {
    if (height > this.remaining && !this.atPageTop) this.newPage();
  }

  private use(style: TextStyle) {
    this.doc.font(FONT[style.face]).fontSize(style.size).fillColor(style.color);
  }

  lineHeight(style: TextStyle) {
    this.use(style);
    return this.doc.currentLineHeight(true) + (style.lineGap ?? 0);
  }

  textWidth(text: string, style: TextStyle) {
    this.use(style);
    return this.doc.widthOfString(text);
  }

  /** Heights already measured: a row is measured to place it and again to draw it, and layout is the costly part. */
  private readonly heights = new Map<string, number>();

  /** Height of `text` wrapped to `width`; 0 for empty text. */
  measure(text: string, style: TextStyle, width: number) {
    if (text === '') return 0;
    const key = `${style.face}|${style.size}|${style.lineGap ?? 0}|${width}|${text}`;
    const known = this.heights.get(key);
    if (known !== undefined) return known;
    this.use(style);
    const height = this.doc.heightOfString(printable(text), { width, lineGap: style.lineGap ?? 0 });
    this.heights.set(key, height);
    return height;
  }

  /** Draws wrapped text whose top-left is (x, y). The height cap stops pdfkit from ever adding a page itself. */
  text(text: string, style: TextStyle, x: number, y: number, width: number, align: 'left' | 'right' | 'center' = 'left') {
    if (text === '') return;
    const height = this.measure(text, style, width) + 1;
    this.use(style);
    this.doc.text(printable(text), x, y, { width, height, align, lineGap: style.lineGap ?? 0 });
  }

  /** One line of text cut with '…' to `width` — only for page furniture, whose full text is shown elsewhere. */
  line(text: string, style: TextStyle, x: number, y: number, width: number, align: 'left' | 'right' = 'left') {
    this.use(style);
    this.doc.text(printable(text), x, y, { width, height: this.doc.currentLineHeight(true), ellipsis: true, align, lineGap: 0 });
  }

  fillRect(x: number, y: number, w: number, h: number, color: string, opacity = 1) {
    this.doc.save().rect(x, y, w, h).fillOpacity(opacity).fill(color).restore();
  }

  hline(x1: number, x2: number, y: number, color: string = COLOR.rule, width = 0.6) {
    this.doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
  }

  vline(x: number, y1: number, y2: number, color: string = COLOR.rule, width = 0.5) {
    this.doc.save().moveTo(x, y1).lineTo(x, y2).lineWidth(width).strokeColor(color).stroke().restore();
  }
}
