import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './context.ts';
import { ApiError, codeForStatus, ERROR_STATUS, type ErrorCode } from './errors.ts';

/** Domain modules throw errors carrying a code from the closed list and details meant for the caller. */
const isDomainError = (err: Error): err is Error & { code: ErrorCode; details?: unknown } =>
  'details' in err && typeof (err as { code?: unknown }).code === 'string' && (err as unknown as { code: string }).code in ERROR_STATUS;

export function errorResponse(c: Context<AppEnv>, code: ErrorCode, message: string, details?: unknown, headers?: Record<string, string>) {
  const error = { code, message, requestId: c.get('requestId') ?? 'unknown', ...(details === undefined ? {} : { details }) };
  return c.json({ error }, ERROR_STATUS[code], headers);
}

/** Every thrown thing becomes the one envelope; unexpected ones are logged in full and answered without internals. */
export function handleError(err: Error, c: Context<AppEnv>) {
  if (err instanceof ApiError) return errorResponse(c, err.code, err.message, err.details, err.headers);
  if (isDomainError(err)) return errorResponse(c, err.code, err.message, err.details);
  if (err instanceof HTTPException) {
    const code = codeForStatus(err.status);
    return errorResponse(c, code, err.message || code.toLowerCase().replace(/_/g, ' '));
  }
  c.get('services')?.log.error('unhandled error', {
    requestId: c.get('requestId'),
    path: c.req.path,
    error: err.message,
    stack: err.stack,
  });
  return errorResponse(c, 'INTERNAL', 'internal error: the request could not be completed; quote the request id when reporting it');
}

export const handleNotFound = (c: Context<AppEnv>) =>
  errorResponse(c, 'NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`);
