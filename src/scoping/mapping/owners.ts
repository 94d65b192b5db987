import type { InventoryObject } from '../discovery/inventory.ts';
import { destinationFor, type MappingContext } from './context.ts';
import type { ObjectMapping, OwnerEntry, OwnerPlan } from './document.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Every distinct owner the exports name — owner columns of mapped records and the team files of owner/staff rows — and how
 * each becomes a Freshsales user. Decisions of the previous version stand for owners seen before.
 */
export function proposeOwners(objects: ObjectMapping[], inventory: InventoryObject[], ctx: MappingContext, previous: OwnerPlan | undefined): OwnerPlan {
  const found = new Map<string, { source: string; count: number; seenIn: Set<string> }>();
  const add = (value: string, count: number, where: string) => {
    const key = value.trim().toLowerCase();
    if (!key) return;
    const hit = found.get(key) ?? { source: value.trim(), count: 0, seenIn: new Set<string>() };
    hit.count += count;
    hit.seenIn.add(where);
    found.set(key, hit);
  };
  for (const o of objects) {
    const inv = inventory.find((i) => i.object === o.sourceObject);
    for (const f of o.fields)
      if (f.target.kind === 'standard' && f.target.field === 'owner_id')
        for (const c of inv?.columns.find((x) => x.header === f.column)?.profile.choices ?? []) add(c.value, c.count, `${o.sourceObject}.${f.column}`);
  }
  // Team files (Profi staff, FastTrack users, Kartra/Promio owners) list people who may own nothing yet but still need a seat.
  for (const row of ctx.pair.rows) {
    if (destinationFor(row, ctx) || !row.destination.objects.includes('user')) continue;
    const inv = inventory.find((i) => i.object === row.source.object);
    for (const column of inv?.columns.filter((c) => c.profile.type === 'email') ?? [])
      for (const c of column.profile.choices ?? []) add(c.value, 0, `${row.source.object}.${column.header}`);
  }
  const fallback = previous?.fallbackOwnerEmail ?? null;
  const owners: OwnerEntry[] = [...found.values()]
    .sort((a, b) => b.count - a.count || a.source.localeCompare(b.source))
    .map((o) => {
      const before = previous?.owners.find((p) => p.source.toLowerCase() === o.source.toLowerCase());
      const seenIn = [...o.seenIn].sort();
      if (before) return { ...before, count: o.count, seenIn };
      // A Freshsales record has one owner: a cell listing several people ("sam@…, jo@…") is owned by the first.
      const first = o.source.split(/\s*[,;]\s*/)[0]!;
      const email = EMAIL.test(first) ? first.toLowerCase() : null;
      return { source: o.source, count: o.count, email, resolution: !email ? 'unresolved' : email === fallback ? 'fallback' : 'invite', seenIn };
    });
  return { fallbackOwnerEmail: fallback, owners };
}
