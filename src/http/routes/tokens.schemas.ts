import { z } from '@hono/zod-openapi';
import { ROLES } from '../access/roles.ts';

export const TokenView = z
  .object({
    id: z.string(),
    label: z.string(),
    role: z.enum(ROLES),
    prefix: z.string().openapi({ description: 'The first characters of the secret, to recognise it' }),
    user: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('Token');

export const TokenIdParam = z.object({ id: z.string().min(1) });
