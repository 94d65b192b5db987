import { createRoute, z } from '@hono/zod-openapi';
import { packageArchive, type DocumentPackageReport } from '../../reports/run/index.ts';
import { PACKAGE_REPORT } from '../../runner/pipeline/kb-package.ts';
import { readReport } from '../../runner/pipeline/reports-store.ts';
import type { App } from '../context.ts';
import { ApiError, errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer } from '../openapi.ts';
import { viewOf } from './runs.schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/runs/{id}/document_package.zip',
  tags: ['runs'],
  summary:
    'The document package of a run as a ZIP: records Freshsales has no place for (knowledge-base articles), one HTML page each in a folder per category, with an index page',
  security: bearer,
  middleware: [requirePermission('runs:read')] as const,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: {
    200: { description: 'The package', content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'),
  },
});

/** Registered before the report route, whose {file} parameter would otherwise claim this path. */
export const registerRunsPackageGet = (app: App) =>
  app.openapi(route, async (c) => {
    const { run } = await viewOf(c, c.req.valid('param').id);
    const body = await readReport<DocumentPackageReport>(c.get('services').db, run.id, PACKAGE_REPORT);
    if (!body) throw new ApiError('CONFLICT', `run ${run.id} has no document package: a run writes one when its scope holds records Freshsales has no place for, once it has loaded (status: ${run.status})`);
    return new Response(packageArchive(body) as BodyInit, {
      headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${run.id}-document_package.zip"` },
    }) as never;
  });
