import { createRoute } from '@hono/zod-openapi';
import { openSignOffLink, signOffSummary } from '../../scoping/service/sign-off.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { jsonResponse } from '../openapi.ts';
import { scopingDeps } from './scopes.schemas.ts';
import { secretFor, SignOffSummary, SignOffToken } from './signoff.schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/signoff/{token}',
  tags: ['sign-off'],
  summary: 'What a sign-off link shows the customer (the link is the credential; read-only)',
  request: { params: SignOffToken },
  responses: { 200: jsonResponse(SignOffSummary, 'The scope version to sign'), ...errorResponses('NOT_FOUND', 'GONE') },
});

export const registerSignOffGet = (app: App) =>
  app.openapi(route, async (c) => {
    const opened = await openSignOffLink(scopingDeps(c), c.req.valid('param').token, await secretFor(c), Date.now());
    return c.json(signOffSummary(opened), 200);
  });
