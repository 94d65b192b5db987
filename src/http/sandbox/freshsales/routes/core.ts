import type { Hono } from 'hono';
import { CORE_ENTITIES, type EntityDef } from '../entities.ts';
import { sideLoad } from '../includes.ts';
import { paginate, viewFilter } from '../listing.ts';
import type { Edition, SandboxEnv, SandboxRuntime } from '../runtime.ts';
import { SandboxError } from '../sandbox-error.ts';
import { liveRecords } from '../store.ts';
import { present } from '../write-record.ts';
import { registerCrud } from './crud.ts';

function registerViews(api: Hono<SandboxEnv>, rt: SandboxRuntime, entity: EntityDef) {
  const base = `/${entity.collection}`;
  api.get(`${base}/filters`, (c) => {
    const user = c.get('user');
    const filters = (rt.state.views[entity.collection] ?? []).map((v) => ({
      id: v.id,
      name: v.name,
      model_class_name: entity.model,
      user_id: user.id,
      user_name: user.display_name,
      is_default: v.is_default,
      updated_at: null,
      current_user_permissions: ['view'],
    }));
    return c.json({ filters });
  });
  api.get(`${base}/view/:viewId`, (c) => {
    const view = (rt.state.views[entity.collection] ?? []).find((v) => String(v.id) === c.req.param('viewId'));
    if (!view) throw new SandboxError(404, [`view ${c.req.param('viewId')} not found for ${entity.collection}`]);
    const matching = liveRecords(rt.state, entity.collection).filter(viewFilter(rt.state, view, c.get('user').id, rt.now()));
    const { page, meta } = paginate(matching, (n) => c.req.query(n));
    return c.json({
      [entity.collection]: page.map((r) => present(rt.state, entity, r)),
      ...sideLoad(rt.state, entity.collection, page, c.req.query('include')),
      meta,
    });
  });
}

/** Contacts, sales accounts, deals and (Classic only) leads: views, CRUD, soft delete and forget. */
export function registerCoreRoutes(api: Hono<SandboxEnv>, rt: SandboxRuntime, edition: Edition) {
  for (const entity of CORE_ENTITIES) {
    if (entity.editions && !entity.editions.includes(edition)) continue;
    registerViews(api, rt, entity);
    registerCrud(api, rt, `/${entity.collection}`, { entity: () => entity, deleteBody: true });
  }
}
