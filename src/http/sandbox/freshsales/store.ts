import type { Rec, SandboxState } from './state.ts';

/** The records of one collection, created on first use. */
export const collection = (state: SandboxState, name: string): Record<string, Rec> => (state.records[name] ??= {});

/** A record by id whether or not it sits in the recycle bin. */
export const anyRecord = (state: SandboxState, name: string, id: unknown): Rec | undefined => state.records[name]?.[String(id)];

/** A record by id that is not deleted. */
export function liveRecord(state: SandboxState, name: string, id: unknown): Rec | undefined {
  const r = anyRecord(state, name, id);
  return r && !r.is_deleted ? r : undefined;
}

/**
 * Live records per collection, cached: enumerating an object keyed by 11-digit ids is slow (tens of ms at 30k records),
 * and views page through the same set again and again. Every write calls touch().
 */
const live = new WeakMap<SandboxState, Map<string, readonly Rec[]>>();

export function liveRecords(state: SandboxState, name: string): readonly Rec[] {
  let byName = live.get(state);
  if (!byName) live.set(state, (byName = new Map()));
  let list = byName.get(name);
  if (!list) {
    const out: Rec[] = [];
    const records = state.records[name] ?? {};
    for (const id in records) if (!records[id]!.is_deleted) out.push(records[id]!);
    byName.set(name, (list = out));
  }
  return list;
}

/** Marks a collection changed (a record added, replaced, deleted or restored). */
export const touch = (state: SandboxState, name: string) => void live.get(state)?.delete(name);

/** The live records among `ids`, in order, skipping any that are gone. */
export const liveByIds = (state: SandboxState, name: string, ids: Iterable<unknown>): Rec[] =>
  [...ids].map((id) => liveRecord(state, name, id)).filter((r): r is Rec => r !== undefined);
