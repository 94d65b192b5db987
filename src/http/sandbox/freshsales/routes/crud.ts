import type { Hono } from 'hono';
import { jsonBody, unwrap } from '../body.ts';
import type { EntityDef } from '../entities.ts';
import { sideLoad } from '../includes.ts';
import { actorOf, type SandboxContext, type SandboxEnv, type SandboxRuntime } from '../runtime.ts';
import { SandboxError } from '../sandbox-error.ts';
import type { Rec } from '../state.ts';
import { anyRecord, liveRecord } from '../store.ts';
import { deleteRecord, forgetRecord, present, writeRecord } from '../write-record.ts';

export const ID = ':id{[0-9]+}';

export interface CrudOptions {
  /** The entity a request addresses (custom modules resolve it from the path). */
  entity: (c: SandboxContext) => EntityDef;
  /** What DELETE answers: `true` for contacts/accounts/deals, {"success": "200"} for the rest. */
  deleteBody: unknown;
}

export const notFound = (entity: EntityDef, id: string) => new SandboxError(404, [`${entity.singular} ${id} not found`]);

/** The record as the API answers it, wrapped under its singular name, with any ?include= side-loads beside it. */
export const answer = (c: SandboxContext, rt: SandboxRuntime, entity: EntityDef, rec: Rec, status: 200 | 201 = 200) =>
  c.json({ [entity.singular]: present(rt.state, entity, rec), ...sideLoad(rt.state, entity.collection, [rec], c.req.query('include')) }, status);

/** POST base, GET/PUT/DELETE base/:id and, for recycle-bin entities, DELETE base/:id/forget. */
export function registerCrud(api: Hono<SandboxEnv>, rt: SandboxRuntime, base: string, opts: CrudOptions) {
  api.post(base, async (c) => {
    const entity = opts.entity(c);
    const rec = writeRecord(rt.state, entity, unwrap(await jsonBody(c), entity), actorOf(c, rt));
    return answer(c, rt, entity, rec, 201);
  });
  api.get(`${base}/${ID}`, (c) => {
    const entity = opts.entity(c);
    // A record in the recycle bin is still readable, with is_deleted: true.
    const rec = anyRecord(rt.state, entity.collection, c.req.param('id'));
    if (!rec) throw notFound(entity, c.req.param('id'));
    return answer(c, rt, entity, rec);
  });
  api.put(`${base}/${ID}`, async (c) => {
    const entity = opts.entity(c);
    const existing = liveRecord(rt.state, entity.collection, c.req.param('id'));
    if (!existing) throw notFound(entity, c.req.param('id'));
    return answer(c, rt, entity, writeRecord(rt.state, entity, unwrap(await jsonBody(c), entity), actorOf(c, rt), existing));
  });
  api.delete(`${base}/${ID}`, (c) => {
    const entity = opts.entity(c);
    const existing = liveRecord(rt.state, entity.collection, c.req.param('id'));
    if (!existing) throw notFound(entity, c.req.param('id'));
    deleteRecord(rt.state, entity, existing, actorOf(c, rt));
    return c.json(opts.deleteBody);
  });
  api.delete(`${base}/${ID}/forget`, (c) => {
    const entity = opts.entity(c);
    if (!entity.softDelete) throw notFound(entity, c.req.param('id'));
    const existing = anyRecord(rt.state, entity.collection, c.req.param('id'));
    if (!existing) throw notFound(entity, c.req.param('id'));
    forgetRecord(rt.state, entity, existing);
    return c.json(true);
  });
}
