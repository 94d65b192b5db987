import { createRoute } from '@hono/zod-openapi';
import { getToken } from '../access/store.ts';
import type { App } from '../context.ts';
import { ApiError, errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonResponse } from '../openapi.ts';
import { TokenIdParam, TokenView } from './tokens.schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/tokens/{id}',
  tags: ['access'],
  summary: 'One token of the organisation (admin)',
  security: bearer,
  middleware: [requirePermission('tokens:manage')] as const,
  request: { params: TokenIdParam },
  responses: { 200: jsonResponse(TokenView, 'The token'), ...errorResponses('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND') },
});

export const registerTokensGet = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const token = await getToken(c.get('services').db, c.get('principal').orgId, id);
    if (!token) throw new ApiError('NOT_FOUND', `token ${id} not found`);
    return c.json(token, 200);
  });
