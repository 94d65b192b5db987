import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { signingSecret } from '../../scoping/service/signing-secret.ts';
import type { AppEnv } from '../context.ts';
import { handleError } from '../handle-error.ts';
import { signOffErrorPage } from '../pages/signoff-page.ts';

export const SignOffToken = z.object({ token: z.string().min(10).max(2000) });

export const SignerBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.email(),
    title: z.string().trim().max(200).optional(),
    accept: z.literal(true).describe('The signer confirms they have read the scope and accept it'),
  })
  .strict()
  .openapi('SignOff');

export const SignOffSummary = z
  .object({ scope: z.object({ name: z.string(), source: z.string(), destination: z.string(), plan: z.string() }), version: z.number().int(), hash: z.string(), status: z.string() })
  .passthrough()
  .openapi('SignOffSummary');

/** The signing secret for this request's service (configured or kept in the database). */
export const secretFor = (c: Context<AppEnv>) => signingSecret(c.get('services').db, c.get('services').signOffSecret);

/**
 * Runs a handler of the customer's pages: a browser gets the error as a readable page (same code, message and request
 * id as the envelope); any other client gets the usual envelope.
 */
export async function asSignOffPage(c: Context<AppEnv>, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (e) {
    if (!(c.req.header('accept') ?? '').includes('text/html')) throw e;
    const res = handleError(e as Error, c);
    const { error } = (await res.clone().json()) as { error: { code: string; message: string; requestId: string } };
    return c.html(signOffErrorPage(error.code, error.message, error.requestId), res.status as 400);
  }
}
