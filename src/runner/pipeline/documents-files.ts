import type { SourceFile, SourceSession } from '../protocol.ts';
import { isInsidePath } from '../sources/exports/index.ts';

/**
 * Where an export's files sit: a folder of this name beside the export files, each file in a folder named by its row's
 * id (so two files both called "quote.pdf" do not clash), or directly in it when the names are unique. Export readers
 * list only the files directly in the export folder, so this folder is never mistaken for a table.
 */
export const FILE_FOLDER = 'attachments';

const TYPES: Record<string, string> = {
  pdf: 'application/pdf', doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', csv: 'text/csv', txt: 'text/plain', html: 'text/html',
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', heic: 'image/heic',
  mp4: 'video/mp4', mov: 'video/quicktime', mp3: 'audio/mpeg', zip: 'application/zip', eml: 'message/rfc822', msg: 'application/vnd.ms-outlook',
};

/** The MIME type a file's extension implies, for exports that give none. */
export function contentTypeOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return (dot > 0 && TYPES[fileName.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}

/**
 * Whether a file cell can be a place in the export: not a web link (Profi's download links), and shaped like a path
 * (a folder or an extension), not a bare id some exports put in their file column.
 */
const isPath = (value: string) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && /[./\\]/.test(value);

/**
 * The places a row's file may be, most specific first: the row's own file column as a path (relative to the export
 * folder, or to the files folder), then the files folder by the row's id and file name, then by file name alone.
 */
export function fileCandidates(id: string | null, fileName: string, path: string | undefined): string[] {
  const out: string[] = [];
  if (path && isPath(path)) {
    const clean = path.replace(/\\/g, '/').replace(/^\.\//, '');
    out.push(clean, `${FILE_FOLDER}/${clean}`);
  }
  if (id) out.push(`${FILE_FOLDER}/${id}/${fileName}`);
  out.push(`${FILE_FOLDER}/${fileName}`);
  return [...new Set(out)].filter(isInsidePath);
}

/** The first of the candidates the source holds, or null after looking at each. */
export async function findFile(source: SourceSession, candidates: string[]): Promise<SourceFile | null> {
  if (!source.file) return null;
  for (const path of candidates) {
    const found = await source.file(path);
    if (found) return found;
  }
  return null;
}
