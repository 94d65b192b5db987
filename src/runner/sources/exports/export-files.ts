/** Extensions of the files a directory's exports are read from (.txt exports are delimited text). */
export const EXPORT_EXTENSIONS = ['.csv', '.json', '.ndjson', '.txt'] as const;

export const isExportFileName = (name: string) => EXPORT_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));

export interface ExportFile {
  name: string;
  bytes: number;
}

/**
 * The file system as the exports source needs it: a port, so the domain code stays runtime-neutral. The Node
 * implementation is src/http/entry/export-files.node.ts.
 */
export interface ExportFiles {
  /** The export files (regular files with an export extension) directly in `dir`, by name; throws naming `dir` when it cannot be read. */
  list(dir: string): Promise<ExportFile[]>;
  /** The bytes of one file of `dir`; an error opening it surfaces from the stream. */
  open(dir: string, name: string): ReadableStream<Uint8Array>;
  /**
   * A regular file at `path` under `dir` (a relative path, checked by the caller to stay inside it), with its size;
   * null when there is none. Attachments sit in a folder beside the export files, so they are read this way.
   */
  file?(dir: string, path: string): Promise<{ bytes: number; read(): Promise<Uint8Array> } | null>;
}

/**
 * Whether `path` names a file inside the export folder: relative, in '/'-separated segments, none empty, "." or "..".
 * A row's file column is customer data, so it must not lead anywhere else.
 */
export const isInsidePath = (path: string) =>
  path !== '' && !path.startsWith('/') && !path.includes('\\') && !/^[a-z]:/i.test(path) && !path.includes('\0') && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
