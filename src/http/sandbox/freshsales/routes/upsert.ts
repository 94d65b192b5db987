import type { Hono } from 'hono';
import { jsonBody, unwrap } from '../body.ts';
import { CORE_ENTITIES, LEADS } from '../entities.ts';
import { createJob, jobStatus } from '../jobs.ts';
import { actorOf, apiBase, type Edition, type SandboxEnv, type SandboxRuntime } from '../runtime.ts';
import { SandboxError } from '../sandbox-error.ts';
import type { JobItem, Rec } from '../state.ts';
import { upsertRecord } from '../upsert.ts';
import { answer } from './crud.ts';

/** Records one bulk upsert call may carry. */
export const BULK_LIMIT = 100;

function bulkItems(body: Rec, collection: string): JobItem[] {
  const list = body[collection];
  if (!Array.isArray(list) || list.length === 0) throw new SandboxError(400, [`${collection}: must be a non-empty list of {<identifier>: value, data: {...}}`]);
  if (list.length > BULK_LIMIT) throw new SandboxError(400, [`${collection}: at most ${BULK_LIMIT} records per bulk upsert, got ${list.length}`]);
  return list.map((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new SandboxError(400, [`${collection}[${i}]: must be an object`]);
    const { data, ...identifier } = item as Rec;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new SandboxError(400, [`${collection}[${i}].data: must be an object of fields`]);
    if (Object.keys(identifier).length !== 1) throw new SandboxError(400, [`${collection}[${i}]: needs exactly one identifier beside data, got ${JSON.stringify(Object.keys(identifier))}`]);
    return { identifier, data: data as Rec };
  });
}

/** POST /<entity>/upsert, POST /<entity>/bulk_upsert (contacts, accounts, deals) and GET /job_statuses/:id. */
export function registerUpsertRoutes(api: Hono<SandboxEnv>, rt: SandboxRuntime, edition: Edition) {
  for (const entity of CORE_ENTITIES) {
    if (entity.editions && !entity.editions.includes(edition)) continue;
    api.post(`/${entity.collection}/upsert`, async (c) => {
      const body = await jsonBody(c);
      const { record, created } = upsertRecord(rt.state, entity, body.unique_identifier, unwrap(body, entity, ['unique_identifier']), actorOf(c, rt));
      return answer(c, rt, entity, record, created ? 201 : 200);
    });
    if (entity === LEADS) continue;
    api.post(`/${entity.collection}/bulk_upsert`, async (c) => {
      const job = createJob(rt, entity.collection, bulkItems(await jsonBody(c), entity.collection), c.get('user').id);
      return c.json({ job_status_url: `${apiBase(c)}/job_statuses/${job.id}`, message: `Bulk upsert of ${job.items.length} ${entity.collection} queued` });
    });
  }
  api.get('/job_statuses/:id{[0-9]+}', (c) => {
    const job = rt.state.jobs[c.req.param('id')];
    if (!job) throw new SandboxError(404, [`job ${c.req.param('id')} not found`]);
    return c.json(jobStatus(rt, job));
  });
}
