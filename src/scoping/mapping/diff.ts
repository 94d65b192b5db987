import type { Mapping } from './document.ts';
import { canonicalJson } from './hash.ts';
import { describeTarget } from './questions.ts';

export interface MappingChange {
  area: 'field' | 'object' | 'value' | 'owner' | 'fallback_owner' | 'relationship';
  change: 'added' | 'removed' | 'changed';
  subject: string;
  before: string | null;
  after: string | null;
}

/** Pairs up items of two lists by key and reports what was added, removed or changed. */
function compare<T>(area: MappingChange['area'], a: T[], b: T[], key: (x: T) => string, show: (x: T) => string, out: MappingChange[]) {
  const before = new Map(a.map((x) => [key(x), x]));
  const after = new Map(b.map((x) => [key(x), x]));
  for (const [k, x] of before) {
    const y = after.get(k);
    if (!y) out.push({ area, change: 'removed', subject: k, before: show(x), after: null });
    else if (show(x) !== show(y)) out.push({ area, change: 'changed', subject: k, before: show(x), after: show(y) });
  }
  for (const [k, y] of after) if (!before.has(k)) out.push({ area, change: 'added', subject: k, before: null, after: show(y) });
}

/** What changed from one mapping version to another, in words an engineer and a customer can read. */
export function diffMappings(from: Mapping, to: Mapping): MappingChange[] {
  const out: MappingChange[] = [];
  const fixed = (o: Mapping['objects'][number]) => (o.fixed?.length ? ` (${o.fixed.map((v) => `${v.field} = ${v.value}`).join(', ')})` : '');
  compare('object', from.objects, to.objects, (o) => o.row, (o) => `${o.sourceObject} → ${o.destinationObject}${fixed(o)}`, out);
  const fields = (m: Mapping) => m.objects.flatMap((o) => o.fields.map((f) => ({ o, f })));
  compare(
    'field',
    fields(from),
    fields(to),
    ({ o, f }) => `${o.row}.${f.column}`,
    ({ o, f }) => `${describeTarget(o.destinationObject, f.target)}${f.target.kind === 'custom' && f.target.choices ? ` [${f.target.choices.join(', ')}]` : ''}${f.confirmed ? ' (confirmed)' : ''}`,
    out,
  );
  const entries = (m: Mapping) => m.valueMaps.flatMap((v) => v.entries.map((e) => ({ v, e })));
  compare('value', entries(from), entries(to), ({ v, e }) => `${v.id} = ${e.source}`, ({ v, e }) => `${v.target} = ${e.target ?? '(unset)'}${e.confirmed ? ' (confirmed)' : ''}`, out);
  if (from.owners.fallbackOwnerEmail !== to.owners.fallbackOwnerEmail)
    out.push({ area: 'fallback_owner', change: 'changed', subject: 'fallback owner', before: from.owners.fallbackOwnerEmail, after: to.owners.fallbackOwnerEmail });
  compare('owner', from.owners.owners, to.owners.owners, (o) => o.source, (o) => `${o.resolution}${o.email ? ` ${o.email}` : ''}`, out);
  compare('relationship', from.relationships, to.relationships, (r) => r.id, (r) => canonicalJson([r.from, r.to, r.via, r.when ?? null]), out);
  return out;
}
