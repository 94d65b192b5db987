export const FRESHSALES_ERROR_CODES = [
  'FRESHSALES_CONFIG', // the base URL or key given to the client is unusable
  'FRESHSALES_AUTH', // 401: missing, wrong or expired API key
  'FRESHSALES_FORBIDDEN', // 403: the key's user lacks the permission, or the plan lacks the feature
  'FRESHSALES_NOT_FOUND', // 404
  'FRESHSALES_VALIDATION', // 400: the record was refused (uniqueness, field types, choices)
  'FRESHSALES_RATE_LIMITED', // 429: the hourly or per-minute budget is spent
  'FRESHSALES_SERVER', // 5xx
  'FRESHSALES_UNREACHABLE', // no answer: connection refused or dropped, or the timeout passed
  'FRESHSALES_BAD_RESPONSE', // an answer that is not the JSON the endpoint promises
] as const;
export type FreshsalesErrorCode = (typeof FRESHSALES_ERROR_CODES)[number];

const RETRYABLE = new Set<FreshsalesErrorCode>(['FRESHSALES_RATE_LIMITED', 'FRESHSALES_SERVER', 'FRESHSALES_UNREACHABLE']);

export interface FreshsalesErrorDetails {
  /** Method and path of the call, without host or query (queries can hold personal data). */
  endpoint?: string;
  /** Freshsales' own messages (errors.message[]), e.g. "Email is not unique". */
  messages?: string[];
  /** What did not match the expected response shape. */
  issues?: string[];
}

/** A failed Freshsales call. `status` is the HTTP status, 0 when there was no answer. Never carries the API key. */
export class FreshsalesError extends Error {
  override readonly name = 'FreshsalesError';
  constructor(
    readonly code: FreshsalesErrorCode,
    message: string,
    readonly status: number,
    readonly details: FreshsalesErrorDetails = {},
  ) {
    super(message);
  }

  /** Whether the same call may succeed later (after a back-off). */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

export function codeForStatus(status: number): FreshsalesErrorCode {
  if (status === 401) return 'FRESHSALES_AUTH';
  if (status === 403) return 'FRESHSALES_FORBIDDEN';
  if (status === 404) return 'FRESHSALES_NOT_FOUND';
  if (status === 429) return 'FRESHSALES_RATE_LIMITED';
  if (status >= 500) return 'FRESHSALES_SERVER';
  return 'FRESHSALES_VALIDATION';
}
