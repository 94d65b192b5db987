import { UploadError, type UploadErrorDetail } from '../../../scoping/upload/index.ts';

type Where = Omit<UploadErrorDetail, 'file' | 'reason'>;

/** A problem in one export file, naming the file and, when known, the line (and position or column) it is at. */
export class ExportFileError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly reason: string;

  constructor(detail: Where & { file: string; reason: string }, options?: ErrorOptions) {
    const { file, line, position, column, reason } = detail;
    const where = [
      line !== undefined ? `line ${line}` : '',
      position !== undefined ? `position ${position}` : '',
      column !== undefined ? `column "${column}"` : '',
    ].filter(Boolean);
    super(`${file}${where.length ? ` ${where.join(', ')}` : ''}: ${reason}`, options);
    this.name = 'ExportFileError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

/** readTable's rejections (an HTTP-upload error type) in the runner's terms; anything else passes through. */
export function asExportFileError(error: unknown, file: string): unknown {
  if (!(error instanceof UploadError)) return error;
  const detail = error.details[0] ?? { reason: error.message };
  return new ExportFileError({ ...detail, file: detail.file ?? file }, { cause: error });
}
