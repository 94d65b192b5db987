import { createRoute, z } from '@hono/zod-openapi';
import { renderPdf } from '../../reports/pdf/render.ts';
import { reportInput, SCOPE_REPORT_NAMES, SCOPE_REPORTS } from '../../reports/scope/index.ts';
import { loadScopeState } from '../../scoping/service/state.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer } from '../openapi.ts';
import { scopingDeps } from './scopes.schemas.ts';

const FILES = SCOPE_REPORT_NAMES.flatMap((n) => [`${n}.pdf`, `${n}.json`]) as [string, ...string[]];

const route = createRoute({
  method: 'get',
  path: '/api/v1/scopes/{id}/reports/{file}',
  tags: ['scoping'],
  summary: 'A scope report as PDF or as its report model (JSON): scope, gotchas, workflows or setup',
  security: bearer,
  middleware: [requirePermission('scopes:read')] as const,
  request: { params: z.object({ id: z.string().min(1), file: z.enum(FILES) }) },
  responses: {
    200: {
      description: 'The report',
      content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) }, 'application/json': { schema: z.object({ title: z.string(), blocks: z.array(z.unknown()) }).passthrough() } },
    },
    ...errorResponses('BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'),
  },
});

export const registerScopesReportsGet = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, file } = c.req.valid('param');
    const [name, format] = file.split('.') as [keyof typeof SCOPE_REPORTS, 'pdf' | 'json'];
    const state = await loadScopeState(scopingDeps(c), c.get('principal').orgId, id);
    const report = SCOPE_REPORTS[name](reportInput(state, new Date()));
    if (format === 'json') return c.json(report, 200);
    const pdf = await renderPdf(report, c.get('services').reportFonts);
    return new Response(pdf as BodyInit, {
      headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${state.scope.id}-${name}-v${state.scope.currentVersion}.pdf"` },
    }) as never;
  });
