import type { ConnectorCtx, Json, SourceConnector, SourceSession, StreamSpec } from '../../protocol.ts';
import { exportsConfigSchema, type ExportsConfig } from './config.ts';
import { EXPORT_EXTENSIONS, isInsidePath, type ExportFiles } from './export-files.ts';
import { readColumns } from './read-head.ts';
import { readExport, type ExportRead, type ExportReadOptions } from './read-export.ts';

export const DEFAULT_EXPORT_READ_OPTIONS: ExportReadOptions = { checkpointEvery: 1000, highWaterMark: 1000 };

/** The exports session, whose reads also report what they held in memory. */
export interface ExportsSession extends SourceSession {
  read(stream: string, state: Json | null): ExportRead;
}

export interface ExportsSourceConnector extends SourceConnector<ExportsConfig> {
  open(config: ExportsConfig, ctx: ConnectorCtx): ExportsSession;
}

/** A source reading a directory of customer export files (CSV, JSON, NDJSON): one stream per file. */
export function createExportsSource(files: ExportFiles, options: Partial<ExportReadOptions> = {}): ExportsSourceConnector {
  const readOptions = { ...DEFAULT_EXPORT_READ_OPTIONS, ...options };
  return {
    kind: 'exports',
    configSchema: exportsConfigSchema,
    open({ dir }, ctx) {
      /** Streams are the listed files only: a name from elsewhere (or a path) is refused before anything is opened. */
      async function openListed(name: string): Promise<ReadableStream<Uint8Array>> {
        if (!(await files.list(dir)).some((f) => f.name === name)) throw new Error(`no export file "${name}" in ${dir}`);
        return files.open(dir, name);
      }

      return {
        async check() {
          try {
            if ((await files.list(dir)).length > 0) return { ok: true };
            return { ok: false, message: `export directory ${dir} holds no export files (${EXPORT_EXTENSIONS.join(', ')})` };
          } catch (e) {
            return { ok: false, message: e instanceof Error ? e.message : String(e) };
          }
        },

        async discover() {
          const specs: StreamSpec[] = [];
          for (const { name, bytes } of await files.list(dir)) {
            ctx.signal.throwIfAborted();
            specs.push({ name, columns: await readColumns(name, files.open(dir, name)), bytes });
          }
          return specs;
        },

        read(stream, state) {
          ctx.log('info', 'reading export file', { file: stream, resuming: state !== null });
          return readExport(stream, () => openListed(stream), state, readOptions, ctx.signal);
        },

        async file(path) {
          if (!isInsidePath(path)) throw new Error(`"${path}" is not a path inside export directory ${dir}`);
          if (!files.file) return null;
          const found = await files.file(dir, path);
          return found && { path, bytes: found.bytes, read: found.read };
        },
      };
    },
  };
}
