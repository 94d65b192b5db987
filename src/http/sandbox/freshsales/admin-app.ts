import { Hono } from 'hono';
import { z } from 'zod';
import { PlanId } from '../../../../rules/schema/platform.ts';
import { jsonBody } from './body.ts';
import { addUser, UserInput } from './build-state.ts';
import { addCustomField, CustomFieldInput } from './custom-fields.ts';
import { handleSandboxError } from './handle-error.ts';
import { settleJobs } from './jobs.ts';
import type { SandboxEnv, SandboxRuntime } from './runtime.ts';
import { SandboxError } from './sandbox-error.ts';
import { publicField } from './selectors.ts';

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new SandboxError(400, r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`));
  return r.data;
}

const FieldsInput = z.strictObject({ entity: z.string().min(1), fields: z.array(CustomFieldInput).min(1) });
const NewUser = UserInput.extend({ api_key: z.string().min(8).regex(/^\S+$/).optional() });
const ResetInput = z.strictObject({ plan: PlanId.optional() });

/**
 * The sandbox's own admin surface under /_sandbox/: NOT part of the Freshsales API. It does what an admin would do in
 * the product UI (custom fields, users) and what tests and benchmarks need (dump, reset, faults, call counts).
 * Unauthenticated: the sandbox listens on loopback only.
 */
export function createAdminApp(rt: SandboxRuntime, reset: (plan?: PlanId) => void): Hono<SandboxEnv> {
  const admin = new Hono<SandboxEnv>();
  admin.get('/state', (c) => {
    if (settleJobs(rt)) rt.changed();
    // Keys are shown shortened: the dump is for reading, the key was handed out at start.
    const apiKeys = Object.fromEntries(Object.entries(rt.state.apiKeys).map(([k, id]) => [`${k.slice(0, 4)}…`, id]));
    return c.json({ ...rt.state, apiKeys });
  });
  admin.post('/reset', async (c) => {
    const { plan } = parse(ResetInput, await jsonBody(c, { optional: true }));
    reset(plan);
    return c.json({ plan: rt.state.plan });
  });
  admin.post('/fields', async (c) => {
    const input = parse(FieldsInput, await jsonBody(c));
    const created = input.fields.map((f) => addCustomField(rt.state, input.entity, f));
    rt.changed();
    return c.json({ fields: created.map((f) => publicField(rt.state, f)) }, 201);
  });
  admin.post('/users', async (c) => {
    const { api_key, ...input } = parse(NewUser, await jsonBody(c));
    if (api_key && rt.state.apiKeys[api_key] !== undefined) throw new SandboxError(400, ['api_key: already in use']);
    let user;
    try {
      user = addUser(rt.state, input);
    } catch (e) {
      throw new SandboxError(400, [(e as Error).message]);
    }
    if (api_key) rt.state.apiKeys[api_key] = user.id;
    rt.changed();
    return c.json({ user }, 201);
  });
  admin.get('/faults', (c) => c.json({ faults: rt.faults.config, counts: rt.faults.counts() }));
  admin.post('/faults', async (c) => {
    const body = await jsonBody(c);
    try {
      return c.json({ faults: rt.faults.configure(body) });
    } catch (e) {
      if (e instanceof z.ZodError) throw new SandboxError(400, e.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`));
      throw e;
    }
  });
  admin.get('/calls', (c) => c.json(rt.calls.snapshot()));
  admin.onError(handleSandboxError);
  return admin;
}
