/** Errors that say whether trying again could help (FreshsalesError and the pipeline's own). */
export const isRetryable = (e: unknown) => typeof e === 'object' && e !== null && (e as { retryable?: unknown }).retryable === true;

/**
 * Runs `fn` until it succeeds, fails for good, or the attempts run out: exponential backoff with full jitter, so
 * concurrent writers that failed together do not come back together. The shared budget handles 429 waits itself.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  opts: { attempts: number; baseMs: number; sleep: (ms: number, signal?: AbortSignal) => Promise<void>; signal: AbortSignal; random?: () => number },
): Promise<T> {
  const random = opts.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isRetryable(e) || attempt >= opts.attempts || opts.signal.aborted) throw e;
      const cap = opts.baseMs * 2 ** (attempt - 1);
      await opts.sleep(cap / 2 + random() * (cap / 2), opts.signal);
    }
  }
}
