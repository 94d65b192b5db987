import { createRoute, z } from '@hono/zod-openapi';
import { issueSignOffLink } from '../../scoping/service/sign-off.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonBody, jsonResponse } from '../openapi.ts';
import { ScopeId, scopingDeps } from './scopes.schemas.ts';
import { secretFor } from './signoff.schemas.ts';

const LinkBody = z.object({ expiresInDays: z.number().positive().max(90).optional() }).strict().openapi('SignOffLinkRequest');
const Link = z
  .object({ url: z.string(), token: z.string(), version: z.number().int(), hash: z.string(), expiresAt: z.string() })
  .openapi('SignOffLink');

const route = createRoute({
  method: 'post',
  path: '/api/v1/scopes/{id}/signoff-links',
  tags: ['scoping'],
  summary: 'A signed, expiring, read-only link for the customer to review and sign off the approved version',
  security: bearer,
  middleware: [requirePermission('scopes:write')] as const,
  request: { params: ScopeId, body: jsonBody(LinkBody) },
  responses: { 201: jsonResponse(Link, 'The link'), ...errorResponses('BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT') },
});

export const registerScopesSignOffLink = (app: App) =>
  app.openapi(route, async (c) => {
    const s = c.get('services');
    const days = c.req.valid('json').expiresInDays ?? s.signOffLinkDays;
    const link = await issueSignOffLink(scopingDeps(c), c.get('principal').orgId, c.req.valid('param').id, await secretFor(c), days, Date.now());
    return c.json({ url: `${new URL(c.req.url).origin}/signoff/${link.token}`, ...link }, 201);
  });
