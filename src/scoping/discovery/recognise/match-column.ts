import type { SourcePlatform } from '../../../../rules/schema/platform.ts';
import { normaliseKey } from '../../text.ts';

export interface ColumnMatch {
  header: string;
  /** The platform field the header is, or null: an unknown header becomes a custom property in mapping. */
  field: string | null;
  how: 'id' | 'label' | 'alias' | null;
}

type Index = Map<string, { field: string; how: 'id' | 'label' | 'alias' }>;

/** Per platform and object: normalised name → field. Field ids win over labels, labels over export aliases. */
const indexes = new WeakMap<SourcePlatform, Map<string, Index>>();

function objectIndex(platform: SourcePlatform, object: string): Index {
  let byObject = indexes.get(platform);
  if (!byObject) indexes.set(platform, (byObject = new Map()));
  const cached = byObject.get(object);
  if (cached) return cached;
  const o = platform.objects.find((x) => x.id === object);
  if (!o) throw new Error(`${platform.id} has no object '${object}' (known: ${platform.objects.map((x) => x.id).join(', ')})`);
  const index: Index = new Map();
  const put = (name: string, field: string, how: 'id' | 'label' | 'alias') => {
    const key = normaliseKey(name);
    if (key && !index.has(key)) index.set(key, { field, how });
  };
  for (const f of o.fields) put(f.id, f.id, 'id');
  for (const f of o.fields) put(f.label, f.id, 'label');
  for (const file of platform.channels.export.files.filter((x) => x.object === object)) {
    for (const [field, aliases] of Object.entries(file.headerAliases ?? {})) for (const a of aliases) put(a, field, 'alias');
  }
  byObject.set(object, index);
  return index;
}

/** Matches one header to a field of a known object, ignoring case, spaces and punctuation ('E-mail' = 'email'). */
export function matchColumn(platform: SourcePlatform, object: string, header: string): ColumnMatch {
  const hit = objectIndex(platform, object).get(normaliseKey(header));
  return hit ? { header, field: hit.field, how: hit.how } : { header, field: null, how: null };
}
