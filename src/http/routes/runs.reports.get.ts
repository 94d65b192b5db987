import { createRoute, z } from '@hono/zod-openapi';
import { renderPdf } from '../../reports/pdf/render.ts';
import { catalogueCsv, inventoryCsv, quarantineCsv, reconciliationCsv, RUN_REPORT_KINDS, RUN_REPORTS, warningsCsv, type Reconciliation, type RunReportKind } from '../../reports/run/index.ts';
import { readReport } from '../../runner/pipeline/reports-store.ts';
import type { App } from '../context.ts';
import { ApiError, errorResponses } from '../errors.ts';
import { requirePermission } from '../middleware/auth.ts';
import { bearer } from '../openapi.ts';
import { viewOf } from './runs.schemas.ts';

const CSV: Record<string, (r: Reconciliation) => string> = { 'reconciliation.csv': reconciliationCsv, 'quarantine.csv': quarantineCsv, 'warnings.csv': warningsCsv };
/** CSV forms of the other report kinds, each named after its kind. */
const KIND_CSV: Record<string, (body: never) => string> = { 'catalogue.csv': catalogueCsv, 'inventory.csv': inventoryCsv };
const FILES = [...RUN_REPORT_KINDS.flatMap((k) => [k, `${k}.pdf`]), ...Object.keys(CSV), ...Object.keys(KIND_CSV)] as [string, ...string[]];

const WHEN: Record<RunReportKind, string> = {
  diff: 'a sample run has read its records back',
  reconciliation: 'the run has reconciled',
  rollback: 'the run has been rolled back',
  catalogue: 'a run into a plan without the product catalogue has read the products',
  document_package: 'a run whose scope holds records Freshsales has no place for (knowledge-base articles) has loaded',
  inventory: 'a run whose scope inventories an export file (projects) has reconciled',
};

const route = createRoute({
  method: 'get',
  path: '/api/v1/runs/{id}/{file}',
  tags: ['runs'],
  summary: 'A run report: the sample field diff, the reconciliation (JSON, CSV, PDF), the quarantine list or the warnings on loaded rows (CSV), the rollback verification, or the product catalogue handed over on a plan without one (JSON, CSV, PDF)',
  security: bearer,
  middleware: [requirePermission('runs:read')] as const,
  request: { params: z.object({ id: z.string().min(1), file: z.enum(FILES) }) },
  responses: {
    200: {
      description: 'The report',
      content: {
        'application/json': { schema: z.object({ header: z.object({ runId: z.string() }).passthrough() }).passthrough() },
        'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
        'text/csv': { schema: z.string() },
      },
    },
    ...errorResponses('BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'),
  },
});

export const registerRunsReportsGet = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, file } = c.req.valid('param');
    const { run } = await viewOf(c, id);
    const kind = (file in CSV ? 'reconciliation' : file.split('.')[0]) as RunReportKind;
    const body = await readReport<never>(c.get('services').db, run.id, kind);
    if (!body) throw new ApiError('CONFLICT', `run ${run.id} has no ${kind} report yet: it is written once ${WHEN[kind]} (status: ${run.status})`);
    const name = `${run.id}-${file.replace('.', '-')}`;
    if (file in CSV) {
      return new Response(CSV[file]!(body), { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` } }) as never;
    }
    if (file in KIND_CSV) {
      return new Response(KIND_CSV[file]!(body), { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` } }) as never;
    }
    if (!file.endsWith('.pdf')) return c.json(body as Record<string, unknown>, 200);
    const pdf = await renderPdf(RUN_REPORTS[kind](body), c.get('services').reportFonts);
    return new Response(pdf as BodyInit, { headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${name}.pdf"` } }) as never;
  });
