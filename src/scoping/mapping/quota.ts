import type { Plan } from '../../../rules/schema/platform.ts';
import type { Mapping } from './document.ts';

/** The plan quota bucket a Freshsales custom field type counts against. */
const BUCKET: Record<string, string> = {
  dropdown: 'dropdown_radio',
  radio: 'dropdown_radio',
  multi_select_dropdown: 'multi_select',
  date: 'date',
  date_time_split: 'date',
  textarea: 'textarea',
  number: 'number',
  checkbox: 'checkbox',
  lookup: 'lookup',
  formula: 'formula',
};
export const quotaBucket = (type: string) => BUCKET[type] ?? 'text';

export interface QuotaUse {
  object: string;
  bucket: string;
  used: number;
  limit: number;
}

/** Custom fields the mapping creates per Freshsales object and quota bucket, plus the per-object total, against the plan. */
export function customFieldUse(mapping: Mapping, plan: Plan, existing: Record<string, Record<string, number>> = {}): QuotaUse[] {
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  const bump = (key: string, n = 1) => counts.set(key, (counts.get(key) ?? 0) + n);
  for (const [object, buckets] of Object.entries(existing))
    for (const [bucket, n] of Object.entries(buckets)) {
      bump(`${object}|${bucket}`, n);
      bump(`${object}|total`, n);
    }
  for (const o of mapping.objects)
    for (const f of o.fields) {
      const t = f.target;
      // Two rows writing the same custom field of one object create it once.
      if (t.kind !== 'custom' || seen.has(`${o.destinationObject}.${t.name}`)) continue;
      seen.add(`${o.destinationObject}.${t.name}`);
      bump(`${o.destinationObject}|${quotaBucket(t.type)}`);
      bump(`${o.destinationObject}|total`);
    }
  return [...counts].map(([key, used]) => {
    const [object, bucket] = key.split('|') as [string, string];
    const limit = bucket === 'total' ? plan.customFieldQuota.total : (plan.customFieldQuota.byType[bucket] ?? 0);
    return { object, bucket, used, limit };
  });
}
