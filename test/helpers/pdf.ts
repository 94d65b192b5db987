import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs a poppler tool on the PDF bytes (written to a temp file that is removed afterwards); returns stdout. */
async function poppler(tool: string, args: string[], bytes: Uint8Array) {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, bytes);
    const { stdout } = await run(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of every page as `pdftotext -layout` lays it out; pages are separated by form feeds (\f). */
export const pdfText = (bytes: Uint8Array) => poppler('pdftotext', ['-layout', '-enc', 'UTF-8'], bytes);

/** The text in the order it was drawn (`pdftotext -raw`): a wrapped table cell's lines stay together. */
export const pdfRawText = (bytes: Uint8Array) => poppler('pdftotext', ['-raw', '-enc', 'UTF-8'], bytes);

/** pdfinfo's fields (Title, Creator, Pages, Page size…) by name. */
export async function pdfInfo(bytes: Uint8Array): Promise<Record<string, string>> {
  const info = await poppler('pdfinfo', [], bytes);
  return Object.fromEntries(info.split('\n').flatMap((line) => {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    return m ? [[m[1], m[2]]] : [];
  }));
}

/** The page count pdfinfo reports. */
export async function pdfPages(bytes: Uint8Array) {
  const pages = Number((await pdfInfo(bytes)).Pages);
  if (!Number.isInteger(pages)) throw new Error('pdfinfo printed no page count');
  return pages;
}
