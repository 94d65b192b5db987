import type { Hono } from 'hono';
import { z } from 'zod';
import { jsonBody } from '../body.ts';
import { customFieldName } from '../custom-fields.ts';
import { customModuleEntity } from '../entities.ts';
import { fieldId, takeId } from '../ids.ts';
import { freshsalesPlan } from '../plans.ts';
import type { SandboxContext, SandboxEnv, SandboxRuntime } from '../runtime.ts';
import { SandboxError } from '../sandbox-error.ts';
import { publicField } from '../selectors.ts';
import { liveRecords } from '../store.ts';
import { present } from '../write-record.ts';
import type { CustomModule, SandboxField } from '../state.ts';
import { registerCrud } from './crud.ts';

/** One rule of a filtered search: the sandbox matches exactly, on a top-level attribute or a cf_ field, one value or any of a list. */
const FilterInput = z.looseObject({
  filter_rule: z.array(z.strictObject({ attribute: z.string().min(1), operator: z.literal('is_in'), value: z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]) })).min(1),
});
const SEARCH_PAGE_MAX = 100;

const ModuleInput = z.looseObject({ singular_name: z.string().min(1), plural_name: z.string().min(1), entity_name: z.string().regex(/^[a-z][a-z0-9_]*$/).optional() });

/** The six fields every new module has (name, owner, created/updated by and at). */
function defaultFields(entity: string): SandboxField[] {
  const f = (name: string, label: string, type: SandboxField['type'], extra: Partial<SandboxField> = {}): SandboxField => ({
    id: fieldId(entity, name), name, label, type, default: true, required: false, position: 0, base_model: entity, choices: [], ...extra,
  });
  return [
    f('name', 'Name', 'text', { required: true }),
    f('owner_id', 'Owner', 'dropdown', { choices_from: 'owners' }),
    f('creater_id', 'Created by', 'dropdown', { choices_from: 'owners', read_only: true }),
    f('updater_id', 'Updated by', 'dropdown', { choices_from: 'owners', read_only: true }),
    f('created_at', 'Created at', 'date_time_split', { read_only: true }),
    f('updated_at', 'Updated at', 'date_time_split', { read_only: true }),
  ].map((field, i) => ({ ...field, position: i + 1 }));
}

/** Module definitions under /settings/module_customizations and records under /custom_module/<entity_name>; Enterprise only. */
export function registerCustomModuleRoutes(api: Hono<SandboxEnv>, rt: SandboxRuntime) {
  const enterpriseOnly = async (_c: SandboxContext, next: () => Promise<void>) => {
    if (!freshsalesPlan(rt.state.plan).features.customModules) throw new SandboxError(403, [`Custom modules are not available on the ${rt.state.plan} plan`]);
    await next();
  };
  api.use('/settings/module_customizations', enterpriseOnly);
  api.use('/custom_module/*', enterpriseOnly);
  api.use('/filtered_search/*', enterpriseOnly);

  api.get('/settings/module_customizations', (c) => c.json({ module_customizations: rt.state.modules }));
  api.post('/settings/module_customizations', async (c) => {
    const body = await jsonBody(c);
    const parsed = ModuleInput.safeParse(body.module_customization ?? body);
    if (!parsed.success) throw new SandboxError(400, parsed.error.issues.map((i) => `module_customization.${i.path.join('.')}: ${i.message}`));
    const entityName = parsed.data.entity_name ?? customFieldName(parsed.data.singular_name).replace(/^cf_/, 'cm_').replace(/-/g, '_');
    if (rt.state.fields[entityName]) throw new SandboxError(400, [`module_customization.entity_name: ${entityName} already exists`]);
    const module: CustomModule = {
      id: takeId(rt.state),
      entity_name: entityName,
      singular_name: parsed.data.singular_name,
      plural_name: parsed.data.plural_name,
      custom: true,
      created_at: rt.stamp(),
    };
    rt.state.modules.push(module);
    rt.state.fields[entityName] = defaultFields(entityName);
    return c.json({ module_customization: module }, 201);
  });
  api.get('/settings/:entity/forms', (c) => {
    const module = rt.state.modules.find((m) => m.entity_name === c.req.param('entity'));
    if (!module) throw new SandboxError(404, [`no custom module ${c.req.param('entity')}`]);
    const fields = (rt.state.fields[module.entity_name] ?? []).map((f) => publicField(rt.state, f));
    return c.json({ forms: [{ id: module.id, name: 'DefaultForm', entity_name: module.entity_name, fields }] });
  });

  const entity = (c: SandboxContext) => {
    const module = rt.state.modules.find((m) => m.entity_name === c.req.param('entity'));
    if (!module) throw new SandboxError(404, [`no custom module ${c.req.param('entity')}`]);
    return customModuleEntity(module.entity_name);
  };
  // Records are wrapped in the module's entity_name (or sent unwrapped); the real wrapper key is undocumented.
  registerCrud(api, rt, '/custom_module/:entity', { entity, deleteBody: true });

  // Filtered search over a module's live records (contacts, accounts and deals are not searched here). The answer lists
  // them under the module's entity_name with meta.total; the real answer's list key is undocumented.
  api.post('/filtered_search/:entity', async (c) => {
    const def = entity(c);
    const parsed = FilterInput.safeParse(await jsonBody(c));
    if (!parsed.success) throw new SandboxError(400, parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`));
    const valueOf = (rec: Record<string, unknown>, attribute: string) =>
      attribute.startsWith('cf_') ? (rec.custom_field as Record<string, unknown> | undefined)?.[attribute] : rec[attribute];
    const hits = liveRecords(rt.state, def.collection).filter((rec) =>
      parsed.data.filter_rule.every((rule) => {
        const wanted = (Array.isArray(rule.value) ? rule.value : [rule.value]).map(String);
        const value = valueOf(rec, rule.attribute);
        return value !== undefined && value !== null && wanted.includes(String(value));
      }),
    );
    const perPage = Math.min(Math.max(Number(c.req.query('per_page') ?? 25) || 25, 1), SEARCH_PAGE_MAX);
    const page = Math.max(Number(c.req.query('page') ?? 1) || 1, 1);
    const slice = hits.slice((page - 1) * perPage, page * perPage).map((rec) => present(rt.state, def, rec));
    return c.json({ [def.collection]: slice, meta: { total: hits.length, total_pages: Math.ceil(hits.length / perPage) } });
  });
}
