/** A run request that cannot be honoured; `code` is one of the API's error codes, `details` says what to fix. */
export class RunError extends Error {
  readonly code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST' | 'UPSTREAM_FAILED';
  readonly details: unknown;
  constructor(code: RunError['code'], message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
