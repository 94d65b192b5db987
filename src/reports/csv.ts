/**
 * CSV as RFC 4180 writes it (comma, CRLF, quotes doubled), made safe to open in a spreadsheet.
 *
 * Customer data ends up in these files, and Excel, LibreOffice and Google Sheets run a cell that starts with
 * = + - @ (or a tab or CR before one) as a formula: "=HYPERLINK(…)" in a contact's name must not become a live link.
 * Such a text cell gets a leading apostrophe, which spreadsheets read as "this is text" and hide.
 * Numbers are data, not formulas: a number cell is never touched, and neither is a text cell that is a plain signed
 * number ("-5", "+1.25", "-3e4"), so negative amounts stay numbers. Any other text starting with + or - is neutralised,
 * phone numbers like "+44 20 7946 0958" included, because a spreadsheet would compute them.
 * No byte-order mark is written; a caller serving the file to Excel may prepend "\uFEFF".
 */

export type CsvCell = string | number | boolean | null | undefined;

const PLAIN_SIGNED_NUMBER = /^[+-]\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** True when a spreadsheet would read this text as a formula. */
function readsAsFormula(text: string): boolean {
  if (/^[=@\t\r]/.test(text)) return true;
  return /^[+-]/.test(text) && !PLAIN_SIGNED_NUMBER.test(text);
}

function cellText(cell: CsvCell, where: string): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new Error(`${where} is ${cell}, expected a finite number`);
    return String(cell);
  }
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return readsAsFormula(cell) ? `'${cell}` : cell;
}

const quoted = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** A whole CSV file: the header line, then one line per row; every row must have one cell per header. */
export function toCsv(headers: string[], rows: CsvCell[][]): string {
  const line = (cells: CsvCell[], where: string) => cells.map((c, i) => quoted(cellText(c, `${where} cell ${i + 1}`))).join(',') + '\r\n';
  let out = line(headers, 'header');
  rows.forEach((row, i) => {
    if (row.length !== headers.length) throw new Error(`CSV row ${i + 1} has ${row.length} cells, expected ${headers.length} (${headers.join(', ')})`);
    out += line(row, `row ${i + 1}`);
  });
  return out;
}
