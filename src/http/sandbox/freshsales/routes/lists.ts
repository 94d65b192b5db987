import type { Hono } from 'hono';
import { jsonBody } from '../body.ts';
import { CONTACTS, LISTS } from '../entities.ts';
import { paginate } from '../listing.ts';
import { freshsalesPlan } from '../plans.ts';
import type { SandboxEnv, SandboxRuntime } from '../runtime.ts';
import { SandboxError } from '../sandbox-error.ts';
import { liveByIds, liveRecord, liveRecords } from '../store.ts';
import { present } from '../write-record.ts';
import { ID, notFound, registerCrud } from './crud.ts';

/** Contact lists: create, rename, list, add/remove contacts, and the contacts of a list. */
export function registerListRoutes(api: Hono<SandboxEnv>, rt: SandboxRuntime) {
  // Every Suite plan has lists as far as the public material shows; the plan data decides, so a plan without them is a 403.
  const available = async (_c: unknown, next: () => Promise<void>) => {
    if (!freshsalesPlan(rt.state.plan).features.contactLists) throw new SandboxError(403, [`Contact lists are not available on the ${rt.state.plan} plan`]);
    await next();
  };
  for (const path of ['/lists', '/lists/*', '/contacts/lists/*']) api.use(path, available);
  api.get('/lists', (c) => {
    const { page, meta } = paginate(liveRecords(rt.state, LISTS.collection), (n) => c.req.query(n));
    return c.json({ lists: page, meta });
  });
  for (const action of ['add_contacts', 'remove_contacts'] as const) {
    api.put(`/lists/${ID}/${action}`, async (c) => {
      const list = liveRecord(rt.state, LISTS.collection, c.req.param('id'));
      if (!list) throw notFound(LISTS, c.req.param('id'));
      const ids = (await jsonBody(c)).ids;
      if (!Array.isArray(ids)) throw new SandboxError(400, ['ids: must be a list of contact ids']);
      const missing = ids.filter((id) => !liveRecord(rt.state, CONTACTS.collection, id));
      if (missing.length > 0) throw new SandboxError(400, [`ids: no contact with id ${missing.join(', ')}`]);
      const members = new Set(rt.state.listMembers[String(list.id)] ?? []);
      for (const id of ids.map(Number)) action === 'add_contacts' ? members.add(id) : members.delete(id);
      rt.state.listMembers[String(list.id)] = [...members];
      return c.json({ list: { ...list, contacts_count: members.size } });
    });
  }
  api.get(`/contacts/lists/${ID}`, (c) => {
    const list = liveRecord(rt.state, LISTS.collection, c.req.param('id'));
    if (!list) throw notFound(LISTS, c.req.param('id'));
    const contacts = liveByIds(rt.state, CONTACTS.collection, rt.state.listMembers[String(list.id)] ?? []);
    const { page, meta } = paginate(contacts, (n) => c.req.query(n));
    return c.json({ contacts: page.map((r) => present(rt.state, CONTACTS, r)), meta });
  });
  registerCrud(api, rt, '/lists', { entity: () => LISTS, deleteBody: { success: '200' } });
}
