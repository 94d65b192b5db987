import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '../access/roles.ts';
import { issueToken } from '../access/store.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonBody, jsonResponse } from '../openapi.ts';
import { TokenView } from './tokens.schemas.ts';

const CreateToken = z
  .object({
    email: z.email().describe('The person the token is issued to; created in the organisation if new'),
    name: z.string().min(1).max(200).optional(),
    role: z.enum(ROLES),
    label: z.string().min(1).max(100).describe('What the token is for, e.g. "Acme scoping laptop"'),
  })
  .strict()
  .openapi('CreateToken');

const Created = TokenView.extend({ token: z.string().openapi({ description: 'The secret: shown once, store it now' }) }).openapi('CreatedToken');

const route = createRoute({
  method: 'post',
  path: '/api/v1/tokens',
  tags: ['access'],
  summary: 'Issue an API token with a role (admin)',
  security: bearer,
  middleware: [requirePermission('tokens:manage')] as const,
  request: { body: jsonBody(CreateToken) },
  responses: {
    201: jsonResponse(Created, 'The token; its secret is never shown again'),
    ...errorResponses('BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'PAYLOAD_TOO_LARGE'),
  },
});

export const registerTokensCreate = (app: App) =>
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const { orgId } = c.get('principal');
    const { token, view } = await issueToken(c.get('services').db, { ...input, orgId });
    return c.json({ ...view, token }, 201);
  });
