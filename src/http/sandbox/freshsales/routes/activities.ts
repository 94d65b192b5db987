import type { Hono } from 'hono';
import { APPOINTMENTS, NOTES, SALES_ACTIVITIES, TASKS, type EntityDef } from '../entities.ts';
import { sideLoad } from '../includes.ts';
import { paginate } from '../listing.ts';
import type { SandboxEnv, SandboxRuntime } from '../runtime.ts';
import { SandboxError } from '../sandbox-error.ts';
import type { Rec } from '../state.ts';
import { liveRecords } from '../store.ts';
import { present } from '../write-record.ts';
import { registerCrud } from './crud.ts';

const DAY = 86_400_000;

/** The ?filter= values of the flat activity lists. */
function activityFilter(entity: EntityDef, filter: string | undefined, now: Date): (r: Rec) => boolean {
  const t = now.getTime();
  const at = (v: unknown) => Date.parse(String(v));
  const startOfDay = t - (t % DAY);
  const filters: Record<string, Record<string, (r: Rec) => boolean>> = {
    tasks: {
      open: (r) => r.status !== 1,
      completed: (r) => r.status === 1,
      overdue: (r) => r.status !== 1 && at(r.due_date) < t,
      due_today: (r) => r.status !== 1 && at(r.due_date) >= startOfDay && at(r.due_date) < startOfDay + DAY,
      due_tomorrow: (r) => r.status !== 1 && at(r.due_date) >= startOfDay + DAY && at(r.due_date) < startOfDay + 2 * DAY,
    },
    appointments: { past: (r) => at(r.end_date) < t, upcoming: (r) => at(r.from_date) >= t },
  };
  if (!filter) return () => true;
  const f = filters[entity.collection]?.[filter];
  if (!f) throw new SandboxError(400, [`filter: "${filter}" is not a filter of ${entity.collection} (${Object.keys(filters[entity.collection] ?? {}).join(', ') || 'none'})`]);
  return f;
}

/** Tasks, appointments and sales activities (CRUD and flat lists) and notes (no list: side-load them from the parent). */
export function registerActivityRoutes(api: Hono<SandboxEnv>, rt: SandboxRuntime) {
  for (const entity of [TASKS, APPOINTMENTS, SALES_ACTIVITIES]) {
    api.get(`/${entity.collection}`, (c) => {
      const matching = liveRecords(rt.state, entity.collection).filter(activityFilter(entity, c.req.query('filter'), rt.now()));
      const { page, meta } = paginate(matching, (n) => c.req.query(n));
      return c.json({ [entity.collection]: page.map((r) => present(rt.state, entity, r)), ...sideLoad(rt.state, entity.collection, page, c.req.query('include')), meta });
    });
  }
  for (const entity of [TASKS, APPOINTMENTS, SALES_ACTIVITIES, NOTES]) {
    registerCrud(api, rt, `/${entity.collection}`, { entity: () => entity, deleteBody: { success: '200' } });
  }
}
