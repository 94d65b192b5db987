import type { InventoryColumn, SourceFieldType } from '../discovery/inventory.ts';
import { nameSimilarity, normaliseKey, words } from '../text.ts';
import { type DestinationObject, type MappingContext, writableFields } from './context.ts';

export interface Candidate {
  field: string;
  /** 0..0.97, what the proposal reports. */
  score: number;
  /** The uncapped score, so two strong claims on one field still have a winner. */
  rank: number;
  reasons: string[];
}

/** The Freshsales field type each specific source type naturally lands in: agreement is evidence. */
const NATURAL: Partial<Record<SourceFieldType, string[]>> = {
  email: ['email'],
  phone: ['phone_number'],
  url: ['url'],
  date: ['date', 'date_time_split'],
  datetime: ['date_time_split', 'date'],
  money: ['number'],
  number: ['number'],
  boolean: ['checkbox'],
  textarea: ['textarea'],
  multi_value: ['multi_select_dropdown', 'auto_complete'],
};

export const compatible = (ctx: MappingContext, sourceType: SourceFieldType, fieldType: string) =>
  (ctx.rules.fieldTypes.compatible[sourceType] ?? []).includes(fieldType as never);

/**
 * The column as the proposal reads it: a column with no values shows no type of its own, so the type the platform
 * declares for the field it matched stands in (an empty "Closed On" is still FastTrack's closed date).
 */
export function withDeclaredType(column: InventoryColumn, sourceObject: string, ctx: MappingContext): InventoryColumn {
  if (column.profile.filled > 0 || !column.field) return column;
  const declared = ctx.source.objects.find((o) => o.id === sourceObject)?.fields.find((f) => f.id === column.field)?.type;
  return declared ? { ...column, profile: { ...column.profile, type: declared } } : column;
}

/** The names a column is known by: its header, and the platform field id and label discovery matched it to. */
function columnNames(column: InventoryColumn, ctx: MappingContext, sourceObject: string): string[] {
  const names = [column.header];
  if (column.field) {
    names.push(column.field);
    const label = ctx.source.objects.find((o) => o.id === sourceObject)?.fields.find((f) => f.id === column.field)?.label;
    if (label) names.push(label);
  }
  return names;
}

/** Standard fields of `object` that could hold the column, best first, each with its score and the reasons for it. */
export function rankStandardFields(column: InventoryColumn, sourceObject: string, object: DestinationObject, ctx: MappingContext): Candidate[] {
  const names = columnNames(column, ctx, sourceObject);
  const headerKey = normaliseKey(column.header);
  const keys = new Set(names.map(normaliseKey));
  const headerWords = new Set(names.flatMap(words));
  const type = column.profile.type;
  /** Values of a specific kind (dates, amounts, emails…), as opposed to free text, names and codes. */
  const typed = !!NATURAL[type] && type !== 'textarea' && type !== 'multi_value';
  const out: Candidate[] = [];
  for (const field of writableFields(object, ctx)) {
    if (!compatible(ctx, type, field.type)) continue;
    const phrases = ctx.rules.synonyms.objects[object.id]?.[field.id] ?? [];
    let score = 0;
    const reasons: string[] = [];
    const exact = phrases.find((p) => normaliseKey(p) === headerKey) ?? phrases.find((p) => keys.has(normaliseKey(p)));
    if (exact) {
      // The header itself is stronger evidence than the platform field it was matched to.
      score = normaliseKey(exact) === headerKey ? 0.92 : 0.88;
      reasons.push(`"${column.header}" is a usual name for ${object.label} ${field.label} (synonym "${exact}")`);
    } else if (!typed || NATURAL[type]?.includes(field.type)) {
      // A word inside a longer header is weak evidence: a date such as "Latest review" is no last name.
      const inside = phrases.find((p) => {
        const w = words(p);
        return w.length && (w.length > 1 || w[0]!.length >= 4) && w.every((x) => headerWords.has(x));
      });
      if (inside) {
        score = 0.78;
        reasons.push(`"${column.header}" contains "${inside}", a name for ${object.label} ${field.label}`);
      }
    }
    const similarity = Math.max(...names.flatMap((n) => [nameSimilarity(n, field.label), nameSimilarity(n, field.id)]));
    if (similarity >= 0.8 && similarity * 0.88 > score) {
      score = similarity * 0.88;
      reasons.push(`"${column.header}" resembles ${object.label} ${field.label} (name similarity ${similarity.toFixed(2)})`);
    }
    if (!score) continue;
    if (NATURAL[type]?.includes(field.type)) {
      score += 0.06;
      reasons.push(`its values are ${type === 'multi_value' ? 'lists' : type} values (${column.profile.evidence})`);
    }
    if (column.profile.filled > 0 && column.profile.confidence < 0.8) {
      score -= 0.05;
      reasons.push(`only ${Math.round(column.profile.confidence * 100)}% of its values fit the type ${type}`);
    }
    // Ties between equally good names go to the column whose name is closest to the field's own label.
    const rank = score + 0.02 * similarity;
    out.push({ field: field.id, score: Math.min(0.97, Math.round(score * 100) / 100), rank, reasons });
  }
  return out.sort((a, b) => b.rank - a.rank);
}
