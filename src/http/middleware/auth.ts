import { createMiddleware } from 'hono/factory';
import { can, type Permission } from '../access/roles.ts';
import { authenticate } from '../access/store.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="ferry"' };

/** Requires a valid bearer token whose role holds `permission`; sets `principal` for the handler. */
export const requirePermission = (permission: Permission) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('Authorization');
    if (!header) throw new ApiError('UNAUTHENTICATED', 'missing Authorization header: send "Authorization: Bearer <token>"', undefined, CHALLENGE);
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError('UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"', undefined, CHALLENGE);
    const principal = await authenticate(c.get('services').db, match[1]!);
    if (!principal) throw new ApiError('UNAUTHENTICATED', 'token is unknown or revoked', undefined, CHALLENGE);
    c.set('principal', principal);
    if (!can(principal.role, permission))
      throw new ApiError('FORBIDDEN', `role "${principal.role}" may not do this (needs permission "${permission}")`);
    await next();
  });
