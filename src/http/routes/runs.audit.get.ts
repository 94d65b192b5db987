import { createRoute, z } from '@hono/zod-openapi';
import { auditCsv } from '../../reports/run/index.ts';
import { auditPage, auditRows } from '../../runner/service/audit.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer, jsonResponse } from '../openapi.ts';
import { viewOf } from './runs.schemas.ts';

const AuditEntry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    object: z.string(),
    entity: z.string(),
    sourceKey: z.string(),
    destinationId: z.string(),
    op: z.enum(['created', 'updated']),
    batchKey: z.string(),
    before: z.string().nullable(),
    undo: z.string().nullable(),
    undoNote: z.string().nullable(),
    undoneAt: z.string().nullable(),
  })
  .openapi('AuditEntry');

const AuditPage = z.object({ runId: z.string(), page: z.number().int(), perPage: z.number().int(), total: z.number().int(), entries: z.array(AuditEntry) }).openapi('AuditPage');

const json = createRoute({
  method: 'get',
  path: '/api/v1/runs/{id}/audit',
  tags: ['runs'],
  summary: 'The audit ledger of a run, one entry per record written (with the before-image of updates and what rollback did), paged',
  security: bearer,
  middleware: [requirePermission('runs:read')] as const,
  request: {
    params: z.object({ id: z.string().min(1) }),
    query: z.object({ page: z.coerce.number().int().min(1).default(1), perPage: z.coerce.number().int().min(1).max(1000).default(100) }),
  },
  responses: { 200: jsonResponse(AuditPage, 'One page of the ledger'), ...errorResponses('BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND') },
});

const csv = createRoute({
  method: 'get',
  path: '/api/v1/runs/{id}/audit.csv',
  tags: ['runs'],
  summary: 'The whole audit ledger as CSV (cells that a spreadsheet would run as formulas are neutralised)',
  security: bearer,
  middleware: [requirePermission('runs:read')] as const,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND') },
});

/** Registered before the report route, whose {file} parameter would otherwise claim these paths. */
export const registerRunsAuditGet = (app: App) => {
  app.openapi(json, async (c) => {
    const { run } = await viewOf(c, c.req.valid('param').id);
    const { page, perPage } = c.req.valid('query');
    return c.json({ runId: run.id, page, perPage, ...(await auditPage(c.get('services').db, run.id, page, perPage)) }, 200);
  });
  app.openapi(csv, async (c) => {
    const { run } = await viewOf(c, c.req.valid('param').id);
    return new Response(auditCsv(await auditRows(c.get('services').db, run.id)), {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${run.id}-audit.csv"` },
    }) as never;
  });
};
