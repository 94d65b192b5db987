export interface UploadErrorDetail {
  file?: string;
  line?: number;
  /** Table column (header name) the problem is in. */
  column?: string;
  /** 1-based character position within the line (JSON syntax errors). */
  position?: number;
  reason: string;
}

const STATUS = { BAD_UPLOAD: 400, PAYLOAD_TOO_LARGE: 413, UNSUPPORTED_MEDIA_TYPE: 415 } as const;
type UploadErrorCode = keyof typeof STATUS;

/** One error class for every rejected upload; the route maps `code`/`status` onto its error envelope. */
export class UploadError extends Error {
  readonly code: UploadErrorCode;
  readonly status: 400 | 413 | 415;
  readonly details: UploadErrorDetail[];
  constructor(code: UploadErrorCode, details: UploadErrorDetail[]) {
    super(details.map(describe).join('; '));
    this.name = 'UploadError';
    this.code = code;
    this.status = STATUS[code];
    this.details = details;
  }
}

/** "contacts.csv line 12, column "Email": reason" */
function describe(d: UploadErrorDetail): string {
  const where = [
    d.file,
    d.line !== undefined ? `line ${d.line}` : undefined,
    d.position !== undefined ? `position ${d.position}` : undefined,
    d.column !== undefined ? `column "${d.column}"` : undefined,
  ].filter((w) => w !== undefined);
  return where.length ? `${where.join(', ')}: ${d.reason}` : d.reason;
}

export const badUpload = (detail: UploadErrorDetail) => new UploadError('BAD_UPLOAD', [detail]);
export const tooLarge = (detail: UploadErrorDetail) => new UploadError('PAYLOAD_TOO_LARGE', [detail]);
