// Streamed reading of uploaded CRM export files: multipart parts in, decoded table rows out (Web APIs only).
export { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './limits.ts';
export { type MultipartPart, readMultipart } from './read-multipart.ts';
export { readTable } from './read-table.ts';
export type { TableMeta, TableRecord, TableSink, TableSummary, TextEncodingName, UploadFormat } from './types.ts';
export { UploadError, type UploadErrorDetail } from './upload-error.ts';
