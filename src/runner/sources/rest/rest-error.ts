/** A failed REST source call, naming the endpoint (a path template: never a URL carrying a token or password). */
export class RestSourceError extends Error {
  constructor(
    readonly endpoint: string,
    readonly status: number | null,
    readonly reason: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(`${endpoint}: ${status !== null ? `HTTP ${status}: ` : ''}${reason}`, options);
    this.name = 'RestSourceError';
  }
}

/** The token was refused as expired or unknown: sign in again and repeat the call. */
export class TokenExpired extends RestSourceError {
  constructor(endpoint: string, status: number) {
    super(endpoint, status, 'the session token expired or was refused', false);
    this.name = 'TokenExpired';
  }
}
