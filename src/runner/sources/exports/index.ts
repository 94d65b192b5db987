// The export-directory source: customer export files read as streams of rows, resumable from checkpoints.
export { exportsConfigSchema, type ExportsConfig } from './config.ts';
export { ExportFileError } from './export-file-error.ts';
export { EXPORT_EXTENSIONS, isExportFileName, isInsidePath, type ExportFile, type ExportFiles } from './export-files.ts';
export type { ExportRead, ExportReadOptions, ExportReadStats } from './read-export.ts';
export type { ExportState } from './resume.ts';
export { createExportsSource, DEFAULT_EXPORT_READ_OPTIONS, type ExportsSession, type ExportsSourceConnector } from './source.ts';
