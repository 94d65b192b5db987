/** A failure answered in Freshsales' error shape: {"errors": {"code": 400, "message": ["..."]}}. */
export class SandboxError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 429 | 500 | 503 | 504,
    readonly messages: string[],
  ) {
    super(messages.join('; '));
  }
}

/** The body for a SandboxError; the top-level message serves clients that read `message` instead of `errors.message[]`. */
export const errorBody = (e: SandboxError) => ({ errors: { code: e.status, message: e.messages }, message: e.messages.join('; ') });
