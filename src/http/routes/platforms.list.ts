import { createRoute, z } from '@hono/zod-openapi';
import { listPlatforms } from '../../estimator/catalogue.ts';
import type { App } from '../context.ts';
import { jsonResponse } from '../openapi.ts';

const Compatibility = z.object({ oneToOne: z.number(), total: z.number(), percent: z.number() }).openapi('Compatibility');
const ObjectSummary = z.object({ id: z.string(), label: z.string(), description: z.string() });

const Catalogue = z
  .object({
    knowledgeVersion: z.string(),
    categories: z.array(z.object({ id: z.string(), label: z.string(), sources: z.array(z.string()), destinations: z.array(z.string()) })),
    sources: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        category: z.string(),
        summary: z.string(),
        objects: z.array(ObjectSummary),
        api: z.object({
          available: z.boolean(),
          documented: z.boolean(),
          pageSize: z.number().nullable(),
          rateLimit: z.object({ calls: z.number(), perSeconds: z.number(), scope: z.string(), confirmed: z.boolean() }).nullable(),
        }),
        export: z.object({ formats: z.array(z.string()), requestLeadDays: z.object({ min: z.number(), max: z.number() }).nullable() }),
      }),
    ),
    destinations: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        category: z.string(),
        summary: z.string(),
        objects: z.array(ObjectSummary.extend({ minPlan: z.string().nullable() })),
        plans: z.array(z.record(z.string(), z.unknown())),
      }),
    ),
    pairs: z.array(z.object({ source: z.string(), destination: z.string(), compatibility: Compatibility, href: z.string() })),
  })
  .openapi('Catalogue');

const route = createRoute({
  method: 'get',
  path: '/api/v1/platforms',
  tags: ['knowledge base'],
  summary: 'Platforms by category, their objects, and the migration pairs available',
  responses: { 200: jsonResponse(Catalogue, 'The catalogue') },
});

export const registerPlatformsList = (app: App) =>
  app.openapi(route, (c) => c.json(listPlatforms(c.get('services').kb), 200));
