import type { Hono } from 'hono';
import { PRODUCTS } from '../entities.ts';
import { reindex } from '../indexes.ts';
import { paginate } from '../listing.ts';
import { freshsalesPlan } from '../plans.ts';
import type { SandboxEnv, SandboxRuntime } from '../runtime.ts';
import { SandboxError } from '../sandbox-error.ts';
import { anyRecord, liveRecords, touch } from '../store.ts';
import { answer, ID, notFound, registerCrud } from './crud.ts';

/** The product catalog under /cpq/products (Pro and Enterprise): CRUD, list, soft delete and restore. */
export function registerProductRoutes(api: Hono<SandboxEnv>, rt: SandboxRuntime) {
  api.use('/cpq/*', async (_c, next) => {
    if (!freshsalesPlan(rt.state.plan).features.productCatalog) {
      throw new SandboxError(403, [`The product catalog is not available on the ${rt.state.plan} plan`]);
    }
    await next();
  });
  api.get('/cpq/products', (c) => {
    const { page, meta } = paginate(liveRecords(rt.state, PRODUCTS.collection), (n) => c.req.query(n));
    return c.json({ products: page, meta });
  });
  api.put(`/cpq/products/${ID}/restore`, (c) => {
    const rec = anyRecord(rt.state, PRODUCTS.collection, c.req.param('id'));
    if (!rec) throw notFound(PRODUCTS, c.req.param('id'));
    if (rec.is_deleted) {
      delete rec.deleted_at;
      rec.is_deleted = false;
      touch(rt.state, PRODUCTS.collection);
      reindex(rt.state, PRODUCTS.collection, undefined, rec);
    }
    return answer(c, rt, PRODUCTS, rec);
  });
  registerCrud(api, rt, '/cpq/products', { entity: () => PRODUCTS, deleteBody: { success: '200' } });
}
