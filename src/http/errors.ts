import { z } from '@hono/zod-openapi';

/** The closed list of error codes and their HTTP statuses: every non-2xx response carries one of these. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  /** An uploaded file that cannot be read: the details name the file and line. */
  BAD_UPLOAD: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  /** A link that was valid once: expired, or its scope version was superseded. */
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A service Ferry called on the caller's behalf (Freshsales) failed or could not be reached. */
  UPSTREAM_FAILED: 502,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const ErrorEnvelope = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

/** Thrown by handlers and middleware; turned into the envelope by the app's error handler. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;
  constructor(code: ErrorCode, message: string, details?: unknown, headers?: Record<string, string>) {
    super(message);
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
  get status() {
    return ERROR_STATUS[this.code];
  }
}

/** Maps a status that came from elsewhere (Hono's own HTTPException) onto the closed list. */
export function codeForStatus(status: number): ErrorCode {
  const hit = (Object.entries(ERROR_STATUS) as [ErrorCode, number][]).find(([, s]) => s === status);
  if (hit) return hit[0];
  return status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
}

/** Turns zod issues into `[{ path, message }]` with dotted paths a client can point at. */
export { issueList as issueDetails } from '../../rules/validate.ts';

/** OpenAPI response entries for the errors a route can answer with. */
export const errorResponses = (...codes: ErrorCode[]) =>
  Object.fromEntries(
    codes.map((code) => [
      ERROR_STATUS[code],
      { description: code, content: { 'application/json': { schema: ErrorEnvelope } } },
    ]),
  );
