import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DOCUMENTS, TARGETABLE_COLLECTION } from '../entities.ts';
import { freshsalesPlan } from '../plans.ts';
import { actorOf, type SandboxEnv, type SandboxRuntime } from '../runtime.ts';
import { errorBody, SandboxError } from '../sandbox-error.ts';
import { liveRecord, liveRecords } from '../store.ts';
import { deleteRecord, writeRecord } from '../write-record.ts';
import { answer, ID, notFound } from './crud.ts';

const MB = 1024 * 1024;

async function sha256(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * POST /documents (multipart: file, file_name, is_shared, targetable_id, targetable_type) under the per-file limit and
 * the plan's storage pool (per active user). Only the size and SHA-256 are kept, not the bytes, so the state stays small.
 */
export function registerDocumentRoutes(api: Hono<SandboxEnv>, rt: SandboxRuntime) {
  api.post(
    '/documents',
    async (c, next) => {
      const limitMb = freshsalesPlan(rt.state.plan).fileSizeLimitMb;
      return bodyLimit({
        maxSize: limitMb * MB,
        onError: (c) => c.json(errorBody(new SandboxError(413, [`file: larger than the ${limitMb} MB limit`])), 413),
      })(c, next);
    },
    async (c) => {
      let form: Record<string, string | File | (string | File)[]>;
      try {
        form = await c.req.parseBody();
      } catch {
        throw new SandboxError(400, ['Request body must be multipart/form-data with a file']);
      }
      const file = form.file;
      if (!(file instanceof File)) throw new SandboxError(400, ['file: is required (a multipart file part)']);
      const plan = freshsalesPlan(rt.state.plan);
      if (file.size > plan.fileSizeLimitMb * MB) throw new SandboxError(413, [`file: larger than the ${plan.fileSizeLimitMb} MB limit`]);
      const activeUsers = rt.state.users.filter((u) => u.is_active).length;
      const used = liveRecords(rt.state, DOCUMENTS.collection).reduce((n, d) => n + Number(d.file_size), 0);
      const pool = plan.storagePerUserGb * 1024 * MB * activeUsers;
      if (used + file.size > pool) throw new SandboxError(403, [`Storage limit reached: ${plan.storagePerUserGb} GB per user x ${activeUsers} active users on the ${plan.id} plan`]);

      const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const input = {
        name: text(form.file_name) || file.name,
        is_shared: text(form.is_shared) === 'true',
        targetable_type: text(form.targetable_type) ?? null,
        targetable_id: text(form.targetable_id) ?? null,
      };
      if (!input.targetable_type || !input.targetable_id) throw new SandboxError(400, ['targetable_type and targetable_id: are required']);
      // A file goes onto a record that exists: the type must name a kind that takes files, the id a live record of it.
      const collection = TARGETABLE_COLLECTION[input.targetable_type];
      if (!collection) throw new SandboxError(400, [`targetable_type: "${input.targetable_type}" is not one of ${Object.keys(TARGETABLE_COLLECTION).join(', ')}`]);
      if (!liveRecord(rt.state, collection, input.targetable_id)) throw new SandboxError(404, [`${input.targetable_type} ${input.targetable_id} not found`]);
      const rec = writeRecord(rt.state, DOCUMENTS, input, actorOf(c, rt));
      Object.assign(rec, { content_type: file.type || 'application/octet-stream', file_size: file.size, sha256: await sha256(await file.arrayBuffer()) });
      return answer(c, rt, DOCUMENTS, rec, 201);
    },
  );
  api.get(`/documents/${ID}`, (c) => {
    const rec = liveRecord(rt.state, DOCUMENTS.collection, c.req.param('id'));
    if (!rec) throw notFound(DOCUMENTS, c.req.param('id'));
    return answer(c, rt, DOCUMENTS, rec);
  });
  api.delete(`/documents/${ID}`, (c) => {
    const rec = liveRecord(rt.state, DOCUMENTS.collection, c.req.param('id'));
    if (!rec) throw notFound(DOCUMENTS, c.req.param('id'));
    deleteRecord(rt.state, DOCUMENTS, rec, actorOf(c, rt));
    return c.json({ success: '200' });
  });
  for (const [type, collection] of Object.entries(TARGETABLE_COLLECTION)) {
    api.get(`/${collection}/${ID}/document_associations`, (c) => {
      if (!liveRecord(rt.state, collection, c.req.param('id'))) throw new SandboxError(404, [`${type} ${c.req.param('id')} not found`]);
      const docs = liveRecords(rt.state, DOCUMENTS.collection).filter((d) => d.targetable_type === type && String(d.targetable_id) === c.req.param('id'));
      return c.json({ document_associations: docs });
    });
  }
}
