import { createRoute, z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import { scopes } from '../../../db/schema/index.ts';
import { SCOPE_STATUSES } from '../../scoping/statuses.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonResponse } from '../openapi.ts';

const ScopeSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(SCOPE_STATUSES),
    source: z.string(),
    destination: z.string(),
    plan: z.string(),
    currentVersion: z.number().int().nullable(),
    updatedAt: z.string(),
  })
  .openapi('ScopeSummary');

const route = createRoute({
  method: 'get',
  path: '/api/v1/scopes',
  tags: ['scoping'],
  summary: "The organisation's scopes, most recently changed first",
  security: bearer,
  middleware: [requirePermission('scopes:read')] as const,
  responses: { 200: jsonResponse(z.object({ scopes: z.array(ScopeSummary) }), 'Scopes'), ...errorResponses('UNAUTHENTICATED', 'FORBIDDEN') },
});

export const registerScopesList = (app: App) =>
  app.openapi(route, async (c) => {
    const rows = await c.get('services').db.query.scopes.findMany({ where: eq(scopes.orgId, c.get('principal').orgId), orderBy: desc(scopes.updatedAt) });
    return c.json(
      {
        scopes: rows.map((r) => ({
          id: r.id,
          name: r.name,
          status: r.status,
          source: r.source,
          destination: r.destination,
          plan: r.plan,
          currentVersion: r.currentVersion || null,
          updatedAt: r.updatedAt.toISOString(),
        })),
      },
      200,
    );
  });
