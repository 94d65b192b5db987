/** A scoping request that cannot be honoured; `code` is one of the API's error codes, `details` says what to fix. */
export class ScopeError extends Error {
  readonly code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST' | 'GONE';
  readonly details: unknown;
  constructor(code: ScopeError['code'], message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
