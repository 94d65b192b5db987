import { z } from 'zod';

/** What one record of a bulk upsert came to, when the job status says. */
export type RecordResult = { status: 'written'; id: string } | { status: 'failed'; messages: string[] };

const Entry = z.looseObject({
  index: z.number().int().min(0).optional(),
  status: z.string(),
  id: z.union([z.number(), z.string()]).optional(),
  errors: z.unknown().optional(),
});

const WRITTEN = new Set(['created', 'updated', 'upserted', 'success', 'succeeded']);
const FAILED = new Set(['failed', 'failure', 'error']);

/** Messages from errors given as a string, a list, or objects carrying `message`. */
function messagesOf(errors: unknown): string[] {
  if (Array.isArray(errors)) return errors.flatMap(messagesOf);
  if (typeof errors === 'string') return [errors];
  if (errors && typeof errors === 'object') return 'message' in errors ? messagesOf(errors.message) : [JSON.stringify(errors)];
  return [];
}

/**
 * Per-record results of a finished bulk upsert job, from `data.records` (the sandbox's layout: the real one is
 * undocumented). Entries match records by `index`, else by position when there is one entry per record. A record
 * with no usable entry stays undefined, for the caller to confirm another way.
 */
export function jobResults(data: unknown, count: number): Array<RecordResult | undefined> {
  const out = new Array<RecordResult | undefined>(count).fill(undefined);
  const list = data !== null && typeof data === 'object' && 'records' in data ? data.records : undefined;
  if (!Array.isArray(list)) return out;
  list.forEach((raw, position) => {
    const entry = Entry.safeParse(raw);
    if (!entry.success) return;
    const at = entry.data.index ?? (list.length === count ? position : undefined);
    if (at === undefined || at >= count) return;
    const status = entry.data.status.toLowerCase();
    if (WRITTEN.has(status) && entry.data.id !== undefined) out[at] = { status: 'written', id: String(entry.data.id) };
    else if (FAILED.has(status)) out[at] = { status: 'failed', messages: messagesOf(entry.data.errors) };
  });
  return out;
}
