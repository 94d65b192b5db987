import { createRoute, z } from '@hono/zod-openapi';
import { openQuestions } from '../../scoping/mapping/questions.ts';
import { findVersion, versionMapping } from '../../scoping/service/repository.ts';
import { loadScopeState } from '../../scoping/service/state.ts';
import type { App } from '../context.ts';
import { ApiError, errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonResponse } from '../openapi.ts';
import { MappingVersion, ScopeId, scopingDeps } from './scopes.schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/scopes/{id}/mapping',
  tags: ['scoping'],
  summary: 'The mapping of the current version (or ?version=N) with its status, hash and open questions',
  security: bearer,
  middleware: [requirePermission('scopes:read')] as const,
  request: { params: ScopeId, query: z.object({ version: z.coerce.number().int().positive().optional() }) },
  responses: { 200: jsonResponse(MappingVersion, 'The mapping'), ...errorResponses('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT') },
});

export const registerScopesMappingGet = (app: App) =>
  app.openapi(route, async (c) => {
    const deps = scopingDeps(c);
    const state = await loadScopeState(deps, c.get('principal').orgId, c.req.valid('param').id);
    const wanted = c.req.valid('query').version ?? state.scope.currentVersion;
    if (!wanted) throw new ApiError('CONFLICT', 'this scope has no mapping yet: upload its export files to POST /api/v1/scopes/{id}/discovery first');
    const v = await findVersion(deps.db, state.scope.id, wanted);
    const mapping = versionMapping(v);
    return c.json({ scopeId: state.scope.id, version: v.version, status: v.status, hash: v.hash, mapping, openQuestions: openQuestions(mapping, state.ctx, state.discovery.files) }, 200);
  });
