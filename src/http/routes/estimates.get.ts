import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { estimates } from '../../../db/schema/index.ts';
import type { App } from '../context.ts';
import { ApiError, errorResponses } from '../errors.ts';
import { jsonResponse, serialisedJson } from '../openapi.ts';
import { Estimate } from './estimates.schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/estimates/{id}',
  tags: ['estimator'],
  summary: 'A stored quote, exactly as it was returned when created',
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: { 200: jsonResponse(Estimate, 'The quote'), ...errorResponses('NOT_FOUND') },
});

export const registerEstimatesGet = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const row = await c.get('services').db.query.estimates.findFirst({ where: eq(estimates.id, id) });
    if (!row) throw new ApiError('NOT_FOUND', `estimate ${id} not found`);
    return serialisedJson(row.body, 200);
  });
