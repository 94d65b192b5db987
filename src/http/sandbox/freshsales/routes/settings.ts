import type { Hono } from 'hono';
import type { Edition, SandboxEnv, SandboxRuntime } from '../runtime.ts';
import { SandboxError } from '../sandbox-error.ts';
import { publicField, selectorItems } from '../selectors.ts';
import { ID } from './crud.ts';

/** The configuration read side: field settings per entity and the selector lists. */
export function registerSettingsRoutes(api: Hono<SandboxEnv>, rt: SandboxRuntime, edition: Edition) {
  api.get('/settings/:entity/fields', (c) => {
    const entity = c.req.param('entity');
    const fields = rt.state.fields[entity];
    if (!fields || (entity === 'leads' && edition !== 'classic')) throw new SandboxError(404, [`no field settings for ${entity}`]);
    return c.json({ fields: fields.map((f) => publicField(rt.state, f)) });
  });
  api.get(`/selector/deal_pipelines/${ID}/deal_stages`, (c) => {
    const pipeline = rt.state.pipelines.find((p) => String(p.id) === c.req.param('id'));
    if (!pipeline) throw new SandboxError(404, [`deal pipeline ${c.req.param('id')} not found`]);
    return c.json({ deal_stages: pipeline.deal_stages });
  });
  api.get(`/selector/sales_activity_types/${ID}/sales_activity_outcomes`, (c) => {
    const outcomes = (rt.state.selectors.sales_activity_outcomes ?? []).filter((o) => String(o.sales_activity_type_id) === c.req.param('id'));
    return c.json({ sales_activity_outcomes: outcomes });
  });
  api.get('/selector/:name', (c) => {
    const name = c.req.param('name');
    const items = selectorItems(rt.state, name);
    if (!items) throw new SandboxError(404, [`no selector ${name}`]);
    // Owners come back under "users", as the real endpoint does.
    return c.json({ [name === 'owners' ? 'users' : name]: items });
  });
}
