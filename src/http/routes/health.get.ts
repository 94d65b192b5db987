import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { App } from '../context.ts';
import { ApiError, errorResponses } from '../errors.ts';
import { jsonResponse } from '../openapi.ts';

const Health = z.object({ status: z.literal('ok'), version: z.string(), db: z.literal('ok') }).openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Liveness and database reachability',
  responses: { 200: jsonResponse(Health, 'The service and its database answer'), ...errorResponses('UNAVAILABLE') },
});

export const registerHealthGet = (app: App) =>
  app.openapi(route, async (c) => {
    const { db, version } = c.get('services');
    try {
      await db.run(sql`select 1`);
    } catch {
      throw new ApiError('UNAVAILABLE', 'the database does not answer');
    }
    return c.json({ status: 'ok' as const, version, db: 'ok' as const }, 200);
  });
