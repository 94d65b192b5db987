import { createRoute } from '@hono/zod-openapi';
import { estimates } from '../../../db/schema/index.ts';
import { estimate } from '../../estimator/estimate.ts';
import { EstimateInput } from '../../estimator/input.ts';
import { randomId } from '../access/secrets.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { rateLimited } from '../middleware/rate-limit.ts';
import { jsonBody, jsonResponse, serialisedJson } from '../openapi.ts';
import { Estimate } from './estimates.schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/estimates',
  tags: ['estimator'],
  summary: 'An instant quote: compatibility, grades, a timeline from API limits, a rule-based price and gotchas',
  middleware: [rateLimited('estimates')] as const,
  request: { body: jsonBody(EstimateInput) },
  responses: {
    201: jsonResponse(Estimate, 'The stored quote; GET /api/v1/estimates/{id} returns it unchanged'),
    ...errorResponses('BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED'),
  },
});

export const registerEstimatesCreate = (app: App) =>
  app.openapi(route, async (c) => {
    const { db, kb, estimatorRules } = c.get('services');
    const quote = await estimate({ kb, rules: estimatorRules }, c.req.valid('json'));
    const id = randomId('est', 18);
    const body = JSON.stringify({ id, ...quote });
    await db.insert(estimates).values({ id, knowledgeVersion: quote.knowledgeVersion, body, createdAt: new Date() });
    return serialisedJson(body, 201, { Location: `/api/v1/estimates/${id}` });
  });
