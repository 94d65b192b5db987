import { createRoute, z } from '@hono/zod-openapi';
import { createFreshsalesClient } from '../../runner/destinations/freshsales/client.ts';
import { FreshsalesError } from '../../runner/destinations/freshsales/errors.ts';
import { editionMismatch, editionOfUrl } from '../../scoping/editions.ts';
import { preflight } from '../../scoping/preflight/preflight.ts';
import { readAccount } from '../../scoping/preflight/snapshot.ts';
import { loadScopeState } from '../../scoping/service/state.ts';
import { buildChecklist } from '../../scoping/setup/checklist.ts';
import type { App } from '../context.ts';
import { ApiError, errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonBody, jsonResponse } from '../openapi.ts';
import { ScopeId, scopingDeps } from './scopes.schemas.ts';

const PreflightBody = z
  .object({
    baseUrl: z.url().describe('Suite: https://<alias>.myfreshworks.com/crm/sales · Classic: https://<domain>.freshsales.io'),
    apiKey: z.string().min(8).describe('A Freshsales API key; used for this check only, never stored or echoed'),
  })
  .strict()
  .openapi('PreflightRequest');

const Report = z
  .object({
    scopeId: z.string(),
    version: z.number().int(),
    ready: z.boolean(),
    missing: z.number().int(),
    items: z.array(z.object({ area: z.string(), subject: z.string(), status: z.string(), detail: z.string() })),
  })
  .openapi('PreflightReport');

const route = createRoute({
  method: 'post',
  path: '/api/v1/scopes/{id}/preflight',
  tags: ['scoping'],
  summary: 'Read the live Freshsales account and report what the setup checklist still lacks or what exceeds the plan quota',
  security: bearer,
  middleware: [requirePermission('scopes:read')] as const,
  request: { params: ScopeId, body: jsonBody(PreflightBody) },
  responses: {
    200: jsonResponse(Report, 'What is ready and what is missing'),
    ...errorResponses('BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'UPSTREAM_FAILED'),
  },
});

export const registerScopesPreflight = (app: App) =>
  app.openapi(route, async (c) => {
    const state = await loadScopeState(scopingDeps(c), c.get('principal').orgId, c.req.valid('param').id);
    if (!state.mapping) throw new ApiError('CONFLICT', 'this scope has no mapping yet: run discovery first');
    const { baseUrl, apiKey } = c.req.valid('json');
    const client = createFreshsalesClient({ baseUrl, apiKey }, { fetch: c.get('services').fetch });
    const scopeEdition = state.scope.edition;
    let account;
    try {
      // The account is read as the edition its URL says it is: a Suite account has no lead settings to read.
      account = await readAccount(client, { destination: state.ctx.destination, edition: editionOfUrl(baseUrl) ?? scopeEdition });
    } catch (e) {
      if (!(e instanceof FreshsalesError)) throw e;
      const refused = e.code === 'FRESHSALES_AUTH' || e.code === 'FRESHSALES_CONFIG' || e.code === 'FRESHSALES_FORBIDDEN';
      throw new ApiError(refused ? 'BAD_REQUEST' : 'UPSTREAM_FAILED', `Freshsales: ${e.message}`, { freshsales: e.code, ...e.details });
    }
    const plan = state.ctx.destination.plans.find((p) => p.id === state.ctx.plan)!;
    const report = preflight(buildChecklist(state.mapping, state.ctx), state.mapping, account, plan, { scope: scopeEdition, mismatch: editionMismatch(scopeEdition, baseUrl) });
    return c.json({ scopeId: state.scope.id, version: state.scope.currentVersion, ...report }, 200);
  });
