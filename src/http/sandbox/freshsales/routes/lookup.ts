import type { Hono } from 'hono';
import { CONTACTS, DEALS, SALES_ACCOUNTS } from '../entities.ts';
import { idsBy } from '../indexes.ts';
import type { SandboxEnv, SandboxRuntime } from '../runtime.ts';
import { SandboxError } from '../sandbox-error.ts';
import { liveByIds } from '../store.ts';
import { present } from '../write-record.ts';

const BY_NAME = { contact: CONTACTS, sales_account: SALES_ACCOUNTS, deal: DEALS };

/** GET /lookup?q=&f=&entities=contact,sales_account,deal: exact match on email, name, mobile_number or a cf_ field. */
export function registerLookupRoute(api: Hono<SandboxEnv>, rt: SandboxRuntime) {
  api.get('/lookup', (c) => {
    const q = c.req.query('q');
    const f = c.req.query('f');
    if (!q || !f) throw new SandboxError(400, ['q and f: are required']);
    const names = (c.req.query('entities') || 'contact').split(',').map((s) => s.trim());
    const out: Record<string, Record<string, unknown[]>> = {};
    for (const name of names) {
      const entity = BY_NAME[name as keyof typeof BY_NAME];
      if (!entity) throw new SandboxError(400, [`entities: "${name}" is not one of contact, sales_account, deal`]);
      const fields = rt.state.fields[entity.fields!] ?? [];
      const key = f === 'email' && entity === CONTACTS ? 'emails' : f;
      if (!fields.some((x) => x.name === key) && !(f === 'name' && entity === CONTACTS)) throw new SandboxError(400, [`f: ${f} is not a field of ${entity.collection}`]);
      const ids = f === 'name' && entity === CONTACTS ? idsBy(rt.state, entity.collection, 'display_name', q) : idsBy(rt.state, entity.collection, key, q);
      out[entity.collection] = { [entity.collection]: liveByIds(rt.state, entity.collection, ids).map((r) => present(rt.state, entity, r)) };
    }
    return c.json(out);
  });
}
