import type { Context } from 'hono';
import { errorBody, SandboxError } from './sandbox-error.ts';

/** Every failure in Freshsales' error shape. Unexpected ones say what broke: this is a test double, not a public service. */
export function handleSandboxError(err: Error, c: Context) {
  const e = err instanceof SandboxError ? err : new SandboxError(500, [`Sandbox failure: ${err.message}`]);
  return c.json(errorBody(e), e.status);
}

export const handleSandboxNotFound = (c: Context) =>
  c.json(errorBody(new SandboxError(404, [`No route for ${c.req.method} ${new URL(c.req.url).pathname}`])), 404);
