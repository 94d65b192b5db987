import { z } from 'zod';
import type { DestinationField, DestinationModule, DestinationRecord, ModuleSession } from '../../protocol.ts';
import type { FreshsalesClient } from './client.ts';
import { toField } from './describe.ts';
import { FreshsalesError } from './errors.ts';
import { FreshsalesField, FreshsalesRecord } from './schemas.ts';

const Module = z.looseObject({ entity_name: z.string().min(1), singular_name: z.string(), plural_name: z.string(), custom: z.boolean().optional() });
/** A form lists its fields, or groups of them (basic_information, …) that list theirs. */
type FormItem = { fields?: FormItem[] } & Record<string, unknown>;
const FormItem: z.ZodType<FormItem> = z.lazy(() => z.looseObject({ fields: z.array(FormItem).optional() })) as z.ZodType<FormItem>;
const Forms = z.looseObject({ forms: z.array(FormItem) });

const isNotFound = (e: unknown) => e instanceof FreshsalesError && e.code === 'FRESHSALES_NOT_FOUND';

function recordId(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw new FreshsalesError('FRESHSALES_VALIDATION', `"${id}" is not a Freshsales record id`, 0);
  return Number(id);
}

/** Entity names are the account's own; they go into paths, so anything but a plain name is refused. */
function entityPath(entityName: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(entityName)) throw new FreshsalesError('FRESHSALES_VALIDATION', `"${entityName}" is not a custom module entity name`, 0);
  return entityName;
}

/** Every field of a form, groups opened. */
function formFields(items: FormItem[]): FreshsalesField[] {
  return items.flatMap((item) => {
    const field = FreshsalesField.safeParse(item);
    return [...(field.success ? [field.data] : []), ...formFields(item.fields ?? [])];
  });
}

/**
 * The record of an answer: wrapped in the module's entity name (the sandbox's choice; the real wrapper key is
 * undocumented, so a body wrapped in any single key holding a record, or not wrapped, is read too).
 */
const recordOf = (entityName: string) =>
  z.looseObject({}).transform((b, ctx): FreshsalesRecord => {
    const keys = Object.keys(b);
    const candidates = [b[entityName], keys.length === 1 ? b[keys[0]!] : undefined, b];
    for (const c of candidates) {
      const r = FreshsalesRecord.safeParse(c);
      if (r.success) return r.data;
    }
    ctx.addIssue({ code: 'custom', message: `no ${entityName} record in the answer` });
    return z.NEVER;
  });

/**
 * Freshsales custom modules (Enterprise): definitions under /settings/module_customizations, fields from the module's
 * forms, records under /custom_module/<entity_name>, searched through POST /filtered_search/<entity_name>. The
 * filter attribute for a custom field and the answer's list key are undocumented: the field's API name is sent, and
 * the first list in the answer is read.
 */
export function moduleSession(client: Pick<FreshsalesClient, 'request'>): ModuleSession {
  const get = async (entityName: string, id: string): Promise<DestinationRecord | null> => {
    try {
      const rec = await client.request({ method: 'GET', path: `/custom_module/${entityPath(entityName)}/${recordId(id)}`, schema: recordOf(entityName) });
      return rec.is_deleted === true ? null : rec;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  };
  return {
    async modules(): Promise<DestinationModule[]> {
      const body = await client.request({ method: 'GET', path: '/settings/module_customizations', schema: z.looseObject({ module_customizations: z.array(Module) }) });
      return body.module_customizations.filter((m) => m.custom !== false).map((m) => ({ entityName: m.entity_name, singular: m.singular_name, plural: m.plural_name }));
    },
    async fields(entityName): Promise<DestinationField[]> {
      const body = await client.request({ method: 'GET', path: `/settings/${entityPath(entityName)}/forms`, schema: Forms });
      const seen = new Set<string>();
      return formFields(body.forms).filter((f) => !seen.has(f.name) && !!seen.add(f.name)).map(toField);
    },
    create: (entityName, _identifier, data) => client.request({ method: 'POST', path: `/custom_module/${entityPath(entityName)}`, body: { [entityName]: data }, schema: recordOf(entityName) }),
    async find(entityName, field, values) {
      const out: DestinationRecord[] = [];
      for (const value of values) {
        const body = await client.request({
          method: 'POST',
          path: `/filtered_search/${entityPath(entityName)}`,
          query: { page: '1', per_page: '100' },
          body: { filter_rule: [{ attribute: field, operator: 'is_in', value }] },
          schema: z.looseObject({}),
        });
        const list = Object.entries(body).find(([k, v]) => k !== 'meta' && Array.isArray(v))?.[1] as unknown[] | undefined;
        for (const item of list ?? []) {
          const r = FreshsalesRecord.safeParse(item);
          if (r.success && r.data.is_deleted !== true) out.push(r.data);
        }
      }
      return out;
    },
    async fetch(entityName, ids) {
      const out = new Map<string, DestinationRecord | null>();
      for (const id of ids) out.set(id, await get(entityName, id));
      return out;
    },
    async remove(entityName, id) {
      const path = `/custom_module/${entityPath(entityName)}/${recordId(id)}`;
      let found = true;
      try {
        await client.request({ method: 'DELETE', path, schema: z.unknown() });
      } catch (e) {
        if (!isNotFound(e)) throw e;
        found = false; // already in the recycle bin, or gone: forget tells which
      }
      try {
        await client.request({ method: 'DELETE', path: `${path}/forget`, schema: z.unknown() });
      } catch (e) {
        if (!isNotFound(e)) throw e;
        return found ? 'deleted' : 'gone';
      }
      return 'deleted';
    },
  };
}
