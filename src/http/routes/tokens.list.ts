import { createRoute, z } from '@hono/zod-openapi';
import { listTokens } from '../access/store.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonResponse } from '../openapi.ts';
import { TokenView } from './tokens.schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/tokens',
  tags: ['access'],
  summary: "List the organisation's tokens, newest first (admin)",
  security: bearer,
  middleware: [requirePermission('tokens:manage')] as const,
  responses: {
    200: jsonResponse(z.object({ tokens: z.array(TokenView) }), 'The tokens, without secrets'),
    ...errorResponses('UNAUTHENTICATED', 'FORBIDDEN'),
  },
});

export const registerTokensList = (app: App) =>
  app.openapi(route, async (c) =>
    c.json({ tokens: await listTokens(c.get('services').db, c.get('principal').orgId) }, 200),
  );
