import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '../../../scoping/upload/index.ts';

/**
 * readTable's limits for exports the runner reads from disk: reading streams, so a file may be any size and hold any
 * number of rows; the per-cell and per-row limits of uploads still catch a broken file.
 */
export const EXPORT_READ_LIMITS: UploadLimits = {
  ...DEFAULT_UPLOAD_LIMITS,
  maxFileBytes: Number.POSITIVE_INFINITY,
  maxTotalBytes: Number.POSITIVE_INFINITY,
  maxRows: Number.POSITIVE_INFINITY,
};
