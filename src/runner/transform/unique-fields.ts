import uniqueJson from '../../../rules/runner/unique-fields.json' with { type: 'json' };
import { UniqueFields } from '../../../rules/schema/runner.ts';

function parseUniqueFields(data: unknown): UniqueFields {
  const r = UniqueFields.safeParse(data);
  if (!r.success) throw new Error(`rules/runner/unique-fields.json is invalid: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** The fields Freshsales keeps unique, validated once when this module loads. */
export const uniqueFields = parseUniqueFields(uniqueJson).fields;
export type UniqueField = (typeof uniqueFields)[number];

/** A value as the uniqueness check compares it: phone numbers by their digits, other text ignoring case and spacing. */
export function uniqueValueKey(rule: Pick<UniqueField, 'compare'>, value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  const key = rule.compare === 'digits' ? text.replace(/\D/g, '') : text.trim().replace(/\s+/g, ' ').toLowerCase();
  return key || undefined;
}
