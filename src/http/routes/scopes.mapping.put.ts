import { createRoute } from '@hono/zod-openapi';
import { openQuestions } from '../../scoping/mapping/questions.ts';
import { validateMapping } from '../../scoping/mapping/validate.ts';
import { saveVersion } from '../../scoping/service/save-version.ts';
import { loadScopeState } from '../../scoping/service/state.ts';
import type { App } from '../context.ts';
import { ApiError, errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonBody, jsonResponse } from '../openapi.ts';
import { MappingBody, MappingVersion, ScopeId, scopingDeps } from './scopes.schemas.ts';

const route = createRoute({
  method: 'put',
  path: '/api/v1/scopes/{id}/mapping',
  tags: ['scoping'],
  summary: 'Save an edited mapping as a new version (an approved version is never changed: editing it needs a new approval)',
  security: bearer,
  middleware: [requirePermission('scopes:write')] as const,
  request: { params: ScopeId, body: jsonBody(MappingBody) },
  responses: { 201: jsonResponse(MappingVersion, 'The new version'), ...errorResponses('BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT') },
});

export const registerScopesMappingPut = (app: App) =>
  app.openapi(route, async (c) => {
    const deps = scopingDeps(c);
    const principal = c.get('principal');
    const state = await loadScopeState(deps, principal.orgId, c.req.valid('param').id);
    if (!state.scope.currentVersion) throw new ApiError('CONFLICT', 'this scope has no mapping yet: run discovery first');
    const body = c.req.valid('json');
    const mapping = validateMapping(body.mapping, state.ctx, state.inventory);
    const { version, hash } = await saveVersion(deps.db, state.scope, mapping, principal.userId, body.note ?? 'edited');
    return c.json({ scopeId: state.scope.id, version, status: 'proposed' as const, hash, mapping, openQuestions: openQuestions(mapping, state.ctx, state.discovery.files) }, 201);
  });
