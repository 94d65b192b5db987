import { createRoute } from '@hono/zod-openapi';
import { loadScopeState } from '../../scoping/service/state.ts';
import { scopeView } from '../../scoping/service/view.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonResponse } from '../openapi.ts';
import { ScopeId, ScopeView, scopingDeps } from './scopes.schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/scopes/{id}',
  tags: ['scoping'],
  summary: 'A scope: status, quote summary, discovered inventory, versions, open questions and setup checklist',
  security: bearer,
  middleware: [requirePermission('scopes:read')] as const,
  request: { params: ScopeId },
  responses: { 200: jsonResponse(ScopeView, 'The scope'), ...errorResponses('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND') },
});

export const registerScopesGet = (app: App) =>
  app.openapi(route, async (c) => {
    const deps = scopingDeps(c);
    const state = await loadScopeState(deps, c.get('principal').orgId, c.req.valid('param').id);
    return c.json(await scopeView(deps, state), 200);
  });
