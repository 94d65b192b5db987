import type { EntityDef } from './entities.ts';
import type { SandboxContext } from './runtime.ts';
import { SandboxError } from './sandbox-error.ts';
import type { Rec } from './state.ts';

/** The JSON body as an object (an empty body counts as {} when optional); anything else is a 400 naming the problem. */
export async function jsonBody(c: SandboxContext, opts: { optional?: boolean } = {}): Promise<Rec> {
  const text = await c.req.text();
  if (opts.optional && text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SandboxError(400, ['Request body is not valid JSON']);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SandboxError(400, ['Request body must be a JSON object']);
  return body as Rec;
}

/** The record in a body, wrapped ({"contact": {...}}) or not. */
export function unwrap(body: Rec, entity: EntityDef, also: string[] = []): Rec {
  const wrapped = body[entity.singular];
  if (wrapped !== undefined) {
    if (typeof wrapped !== 'object' || wrapped === null || Array.isArray(wrapped)) throw new SandboxError(400, [`${entity.singular}: must be an object`]);
    return wrapped as Rec;
  }
  const rest = { ...body };
  for (const key of also) delete rest[key];
  return rest;
}
