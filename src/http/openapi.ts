import type { ZodType } from 'zod';

/** A JSON response entry for createRoute. */
export const jsonResponse = <T extends ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A JSON request body entry for createRoute. */
export const jsonBody = <T extends ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const bearer = [{ bearerAuth: [] }];

/**
 * Sends JSON that is already serialised: stored quotes go out byte for byte as first returned. The route's
 * response schema documents the shape, so the loose type here is deliberate.
 */
export const serialisedJson = (body: string, status: 200 | 201, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'Content-Type': 'application/json', ...headers } }) as never;
