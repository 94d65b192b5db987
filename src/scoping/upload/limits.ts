export interface UploadLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  maxFiles: number;
  maxRows: number;
  maxColumns: number;
  maxCellChars: number;
}

const MB = 1024 * 1024;

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: 50 * MB,
  maxTotalBytes: 200 * MB,
  maxFiles: 20,
  maxRows: 1_000_000,
  maxColumns: 500,
  maxCellChars: 100_000,
};

/** "50 MB", "1.5 KB", "812 bytes": limits are quoted back to the engineer in error messages. */
export function formatBytes(n: number): string {
  if (n >= MB) return `${+(n / MB).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
