import { createRoute, z } from '@hono/zod-openapi';
import { approveVersion } from '../../scoping/service/approve.ts';
import { loadScopeState } from '../../scoping/service/state.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonBody, jsonResponse } from '../openapi.ts';
import { ScopeId, scopingDeps } from './scopes.schemas.ts';

const ApproveBody = z
  .object({
    version: z.number().int().positive().describe('The version reviewed; must be the current one'),
    hash: z.string().optional().describe('The hash reviewed; approval fails if the version no longer has it'),
  })
  .strict()
  .openapi('ApproveScope');

const Approval = z
  .object({ scopeId: z.string(), version: z.number().int(), hash: z.string(), status: z.literal('approved'), approvedBy: z.string(), approvedAt: z.string() })
  .openapi('Approval');

const route = createRoute({
  method: 'post',
  path: '/api/v1/scopes/{id}/approve',
  tags: ['scoping'],
  summary: 'Approve the current version: freezes it with who, when and its content hash (refused while blocking questions are open)',
  security: bearer,
  middleware: [requirePermission('scopes:write')] as const,
  request: { params: ScopeId, body: jsonBody(ApproveBody) },
  responses: { 200: jsonResponse(Approval, 'Approved'), ...errorResponses('BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT') },
});

export const registerScopesApprove = (app: App) =>
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const deps = scopingDeps(c);
    const state = await loadScopeState(deps, principal.orgId, c.req.valid('param').id);
    const done = await approveVersion(deps.db, state.scope, principal.userId, c.req.valid('json'), state.questions);
    return c.json(
      { scopeId: state.scope.id, version: done.version, hash: done.hash, status: 'approved' as const, approvedBy: principal.userId, approvedAt: done.approvedAt.toISOString() },
      200,
    );
  });
