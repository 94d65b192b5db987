import { createRoute, z } from '@hono/zod-openapi';
import { signOffVersion } from '../../scoping/service/approve.ts';
import { openSignOffLink } from '../../scoping/service/sign-off.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { jsonBody, jsonResponse } from '../openapi.ts';
import { scopingDeps } from './scopes.schemas.ts';
import { secretFor, SignerBody, SignOffToken } from './signoff.schemas.ts';

const Signed = z.object({ version: z.number().int(), hash: z.string(), status: z.literal('signed_off'), signedOffAt: z.string() }).openapi('SignedOff');

const route = createRoute({
  method: 'post',
  path: '/api/v1/signoff/{token}',
  tags: ['sign-off'],
  summary: "Record the customer's sign-off of the version the link was issued for",
  request: { params: SignOffToken, body: jsonBody(SignerBody) },
  responses: { 200: jsonResponse(Signed, 'Signed off'), ...errorResponses('BAD_REQUEST', 'NOT_FOUND', 'CONFLICT', 'GONE') },
});

export const registerSignOffPost = (app: App) =>
  app.openapi(route, async (c) => {
    const opened = await openSignOffLink(scopingDeps(c), c.req.valid('param').token, await secretFor(c), Date.now());
    const { name, email, title } = c.req.valid('json');
    const done = await signOffVersion(c.get('services').db, opened.state.scope, opened.grant, { name, email, title, address: c.get('services').clientIp(c) });
    return c.json({ version: done.version, hash: done.hash, status: 'signed_off' as const, signedOffAt: done.signedOffAt.toISOString() }, 200);
  });
