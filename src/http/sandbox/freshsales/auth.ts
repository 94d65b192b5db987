import type { MiddlewareHandler } from 'hono';
import type { SandboxEnv, SandboxRuntime } from './runtime.ts';

const TOKEN = /^Token\s+token="?([^"\s]+)"?$/i;

/** `Authorization: Token token=<key>`; a missing or unknown key gets 401 before anything counts against the budget. */
export const requireApiKey =
  (rt: SandboxRuntime): MiddlewareHandler<SandboxEnv> =>
  async (c, next) => {
    const key = TOKEN.exec(c.req.header('authorization') ?? '')?.[1];
    const userId = key === undefined ? undefined : rt.state.apiKeys[key];
    const user = rt.state.users.find((u) => u.id === userId && u.is_active);
    // Body as recalled from the product; the exact 401 shape is undocumented.
    if (!user) return c.json({ login: 'failed', message: 'Incorrect or expired API key' }, 401);
    c.set('user', user);
    await next();
  };
