import { createRoute } from '@hono/zod-openapi';
import { createScope } from '../../scoping/service/create-scope.ts';
import { loadScopeState } from '../../scoping/service/state.ts';
import { scopeView } from '../../scoping/service/view.ts';
import { randomId } from '../access/secrets.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonBody, jsonResponse } from '../openapi.ts';
import { CreateScopeBody, ScopeView, scopingDeps } from './scopes.schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/scopes',
  tags: ['scoping'],
  summary: 'Start a scope from a stored quote or from quote input; it begins in draft',
  security: bearer,
  middleware: [requirePermission('scopes:write')] as const,
  request: { body: jsonBody(CreateScopeBody) },
  responses: { 201: jsonResponse(ScopeView, 'The new scope'), ...errorResponses('BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN') },
});

export const registerScopesCreate = (app: App) =>
  app.openapi(route, async (c) => {
    const s = c.get('services');
    const principal = c.get('principal');
    const id = await createScope({ db: s.db, kb: s.kb, rules: s.estimatorRules, newId: () => randomId('scp', 18) }, principal, c.req.valid('json'));
    const deps = scopingDeps(c);
    const view = await scopeView(deps, await loadScopeState(deps, principal.orgId, id));
    return c.json(view, 201, { Location: `/api/v1/scopes/${id}` });
  });
