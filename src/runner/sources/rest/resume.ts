import { z } from 'zod';
import type { Json } from '../../protocol.ts';

/**
 * A checkpoint of one REST stream: `rows` records were emitted, and the read goes on at page `page` (offset and page
 * pagination) or at `cursor` (null with `done`: nothing left). `since` ties it to the delta it was read for.
 */
export const restStateSchema = z.union([
  z.strictObject({ page: z.int().nonnegative(), rows: z.int().nonnegative(), since: z.string().nullable() }),
  z.strictObject({ cursor: z.string().nullable(), done: z.boolean(), rows: z.int().nonnegative(), since: z.string().nullable() }),
]);
export type RestState = z.infer<typeof restStateSchema>;

export function parseRestState(stream: string, state: Json | null, since: string | null): RestState | null {
  if (state === null) return null;
  const parsed = restStateSchema.safeParse(state);
  if (!parsed.success) throw new Error(`${stream}: the resume state is not a checkpoint of a REST stream (${z.prettifyError(parsed.error)})`);
  if (parsed.data.since !== since)
    throw new Error(`${stream}: the checkpoint was taken reading changes since ${parsed.data.since ?? 'the start'}, not ${since ?? 'the start'}; read it again from the start`);
  return parsed.data;
}
