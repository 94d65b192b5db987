import { createRoute, z } from '@hono/zod-openapi';
import { diffMappings } from '../../scoping/mapping/diff.ts';
import { findScope, findVersion, versionMapping } from '../../scoping/service/repository.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonResponse } from '../openapi.ts';
import { ScopeId } from './scopes.schemas.ts';

const Diff = z
  .object({
    from: z.object({ version: z.number().int(), hash: z.string() }),
    to: z.object({ version: z.number().int(), hash: z.string() }),
    changes: z.array(
      z.object({ area: z.string(), change: z.enum(['added', 'removed', 'changed']), subject: z.string(), before: z.string().nullable(), after: z.string().nullable() }),
    ),
  })
  .openapi('MappingDiff');

const route = createRoute({
  method: 'get',
  path: '/api/v1/scopes/{id}/mapping/diff',
  tags: ['scoping'],
  summary: 'What changed between two mapping versions (default: the previous and the current one)',
  security: bearer,
  middleware: [requirePermission('scopes:read')] as const,
  request: {
    params: ScopeId,
    query: z.object({ from: z.coerce.number().int().positive().optional(), to: z.coerce.number().int().positive().optional() }),
  },
  responses: { 200: jsonResponse(Diff, 'The changes'), ...errorResponses('BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND') },
});

export const registerScopesMappingDiff = (app: App) =>
  app.openapi(route, async (c) => {
    const { db } = c.get('services');
    const scope = await findScope(db, c.get('principal').orgId, c.req.valid('param').id);
    const q = c.req.valid('query');
    const to = await findVersion(db, scope.id, q.to ?? scope.currentVersion);
    const from = await findVersion(db, scope.id, q.from ?? Math.max(1, to.version - 1));
    return c.json(
      { from: { version: from.version, hash: from.hash }, to: { version: to.version, hash: to.hash }, changes: diffMappings(versionMapping(from), versionMapping(to)) },
      200,
    );
  });
