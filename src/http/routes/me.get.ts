import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '../access/roles.ts';
import { describePrincipal } from '../access/store.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonResponse } from '../openapi.ts';

const Me = z
  .object({
    organisation: z.object({ id: z.string(), name: z.string() }),
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
    role: z.enum(ROLES),
    tokenId: z.string(),
  })
  .openapi('Me');

const route = createRoute({
  method: 'get',
  path: '/api/v1/me',
  tags: ['access'],
  summary: 'The organisation, user and role behind the presented token',
  security: bearer,
  middleware: [requirePermission('account:read')] as const,
  responses: { 200: jsonResponse(Me, 'The caller'), ...errorResponses('UNAUTHENTICATED') },
});

export const registerMeGet = (app: App) =>
  app.openapi(route, async (c) => c.json(await describePrincipal(c.get('services').db, c.get('principal')), 200));
