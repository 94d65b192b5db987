import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

/** Limits a route family per client address, with the standard RateLimit-* headers and Retry-After on 429. */
export const rateLimited = (name: string) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { rateLimiter, clientIp } = c.get('services');
    const r = rateLimiter.hit(name, clientIp(c));
    c.header('RateLimit-Limit', String(r.limit));
    c.header('RateLimit-Remaining', String(r.remaining));
    c.header('RateLimit-Reset', String(r.resetSeconds));
    if (!r.allowed)
      throw new ApiError(
        'RATE_LIMITED',
        `too many ${name} requests from this address: the limit is ${r.limit} per ${rateLimiter.windowSeconds} s; retry in ${r.resetSeconds} s`,
        { limit: r.limit, windowSeconds: rateLimiter.windowSeconds, retryAfterSeconds: r.resetSeconds },
        { 'Retry-After': String(r.resetSeconds) },
      );
    await next();
  });
