import { createRoute, z } from '@hono/zod-openapi';
import { FieldDescription, ObjectOverrides, readDiscoveryUpload, type DiscoveryUpload } from '../../scoping/discovery/discover.ts';
import { applyDiscovery } from '../../scoping/service/apply-discovery.ts';
import { loadScopeState } from '../../scoping/service/state.ts';
import { scopeView } from '../../scoping/service/view.ts';
import { readMultipart } from '../../scoping/upload/index.ts';
import { parseWorkflows } from '../../scoping/workflows/parse.ts';
import type { App } from '../context.ts';
import { ApiError, errorResponses, issueDetails } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonResponse } from '../openapi.ts';
import { ScopeId, ScopeView, scopingDeps } from './scopes.schemas.ts';

const JsonDiscovery = z
  .object({
    fields: FieldDescription.optional(),
    objects: ObjectOverrides.optional(),
    workflows: z.array(z.record(z.string(), z.union([z.string(), z.array(z.string())]))).optional(),
  })
  .strict()
  .openapi('JsonDiscovery');

const route = createRoute({
  method: 'post',
  path: '/api/v1/scopes/{id}/discovery',
  tags: ['scoping'],
  summary: "Discover the customer's data from export files (CSV/JSON/NDJSON, multipart) or a field description; proposes the next mapping version",
  description:
    'Body, multipart/form-data: any number of export file parts; optional "fields" (JSON field description), "workflows" (a CSV or JSON file of automations: name, object, trigger, conditions, actions) and "objects" (JSON {"file name": "object id"} to override recognition). Or application/json: {fields?, workflows?, objects?} (schema JsonDiscovery). Files stream through with size, row and column limits; a bad file stores nothing.',
  security: bearer,
  middleware: [requirePermission('scopes:write')] as const,
  // No body schema here on purpose: a validator would buffer the multipart body that the handler streams.
  request: { params: ScopeId },
  responses: {
    201: jsonResponse(ScopeView, 'The scope after discovery, with its new version and open questions'),
    ...errorResponses('BAD_REQUEST', 'BAD_UPLOAD', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'),
  },
});

/** A JSON discovery body as an upload: the same checks as the multipart form. */
function jsonUpload(raw: unknown): DiscoveryUpload {
  const r = JsonDiscovery.safeParse(raw);
  if (!r.success) throw new ApiError('BAD_REQUEST', 'invalid discovery body', issueDetails(r.error.issues));
  const rows = (r.data.workflows ?? []).map((record, i) => ({ record, line: i + 1 }));
  const headers = [...new Set(rows.flatMap((x) => Object.keys(x.record)))];
  return {
    files: [],
    description: r.data.fields,
    overrides: r.data.objects ?? {},
    workflows: rows.length ? [{ file: 'workflows.json', items: parseWorkflows('workflows.json', headers, rows) }] : [],
  };
}

export const registerScopesDiscovery = (app: App) =>
  app.openapi(route, async (c) => {
    const s = c.get('services');
    const principal = c.get('principal');
    const deps = scopingDeps(c);
    const state = await loadScopeState(deps, principal.orgId, c.req.valid('param').id);
    const type = c.req.header('content-type') ?? '';
    const upload = type.startsWith('application/json')
      ? jsonUpload(
          await c.req.json().catch(() => {
            throw new ApiError('BAD_REQUEST', 'the body is not valid JSON');
          }),
        )
      : await readDiscoveryUpload(state.ctx.source, readMultipart(c.req.raw.body ?? new ReadableStream(), type, s.uploadLimits), s.uploadLimits);
    const done = await applyDiscovery(deps, state, principal.userId, upload);
    const view = await scopeView(deps, await loadScopeState(deps, principal.orgId, state.scope.id));
    const discovered = { version: done.version, newVersion: done.newVersion, files: done.files.map((f) => f.name), workflows: done.workflows };
    return c.json({ ...view, discovered }, 201);
  });
