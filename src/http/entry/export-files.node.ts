// Node-only: the exports source's file-system port (Workers have no directory to read exports from).
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { type ExportFile, type ExportFiles, isExportFileName, isInsidePath } from '../../runner/sources/exports/index.ts';

const WHY: Record<string, string> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'is not a directory',
  EACCES: 'cannot be read (permission denied)',
  EPERM: 'cannot be read (operation not permitted)',
};

function directoryError(dir: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return new Error(`export directory ${dir} ${WHY[code] ?? `cannot be read (${(e as Error).message})`}`, { cause: e });
}

/** A name `open` may join to the directory: a plain file name, never a path that leaves it. */
function assertFileName(dir: string, name: string): void {
  if (name === '' || name === '.' || name === '..' || basename(name) !== name || name.includes('\\'))
    throw new Error(`"${name}" is not a file name in export directory ${dir}`);
}

export const nodeExportFiles: ExportFiles = {
  async list(dir) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e) {
      throw directoryError(dir, e);
    }
    const files: ExportFile[] = [];
    for (const name of names.filter(isExportFileName).sort()) {
      let info;
      try {
        info = await stat(join(dir, name)); // follows a symlink to the file it names
      } catch (e) {
        throw new Error(`export file ${name} in ${dir} cannot be read (${(e as Error).message})`, { cause: e });
      }
      if (info.isFile()) files.push({ name, bytes: info.size }); // a folder named like a file, a socket… is no export
    }
    return files;
  },

  open(dir, name) {
    assertFileName(dir, name);
    // Readable.toWeb keeps the file's backpressure: the file is read only as fast as the stream is pulled.
    return Readable.toWeb(createReadStream(join(dir, name))) as ReadableStream<Uint8Array>;
  },

  async file(dir, path) {
    const full = resolve(dir, path);
    const inside = relative(resolve(dir), full);
    if (!isInsidePath(path) || inside.startsWith(`..${sep}`) || inside === '..') throw new Error(`"${path}" is not a path inside export directory ${dir}`);
    let info;
    try {
      info = await stat(full); // follows a symlink to the file it names
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw new Error(`file ${path} in ${dir} cannot be read (${(e as Error).message})`, { cause: e });
    }
    if (!info.isFile()) return null;
    return { bytes: info.size, read: async () => new Uint8Array(await readFile(full)) };
  },
};
