import type { SourceRow } from '../../protocol.ts';
import { normaliseKey } from '../../../scoping/text.ts';
import type { KartraAnswer } from './client.ts';
import type { ColumnField } from './columns.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets a cell; an empty value leaves none, as the export reader leaves no key for an empty cell. */
function put(row: SourceRow, header: string, value: string): void {
  if (value === '') delete row[header];
  else row[header] = value;
}

/** A scalar API value as export text; undefined when the answer has no such value (a cell then keeps what it had). */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Names from a list of `{<key>: name}` objects or plain names; entries whose `active` flag is off are left out. */
function names(v: unknown, key: string): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.flatMap((item) => {
    if (typeof item === 'string') return [item];
    if (!isObject(item) || ['0', 0, false].includes(item.active as never)) return [];
    const name = text(item[key]);
    return name ? [name] : [];
  });
}

/** A custom field's value as one cell: the text of input_field/text_area, the chosen options' labels for the choice kinds. */
function customValue(field: Record<string, unknown>, separator: string): string {
  const value = field.field_value;
  if (Array.isArray(value)) return value.map((o) => (isObject(o) ? (text(o.option_value) ?? '') : (text(o) ?? ''))).filter(Boolean).join(separator);
  return text(value) ?? '';
}

/**
 * A contacts-export row brought up to date from the lead's get_lead answer: each column whose field the answer holds
 * takes the answer's value; custom fields fill the column named like their identifier, or a column of that name;
 * columns the API knows nothing of (an owner, say) keep the export's value.
 */
export function leadRow(exportRow: SourceRow, columns: readonly ColumnField[], lead: KartraAnswer, separator: string): SourceRow {
  const row: SourceRow = { ...exportRow };
  for (const { header, field } of columns) {
    const value =
      field === 'tags' || field === 'lists' ? names(lead[field], field === 'tags' ? 'tag_name' : 'list_name')?.join(separator) : field === null ? undefined : text(lead[field]);
    if (value !== undefined) put(row, header, value);
  }
  const unmapped = new Map(columns.filter((c) => c.field === null).map((c) => [normaliseKey(c.header), c.header]));
  for (const f of Array.isArray(lead.custom_fields) ? lead.custom_fields : []) {
    if (!isObject(f)) continue;
    const identifier = text(f.field_identifier);
    if (!identifier) continue;
    put(row, unmapped.get(normaliseKey(identifier)) ?? identifier, customValue(f, separator));
  }
  return row;
}

/** A transaction or subscription as one export row: each column from the answer's field of that name. */
export function recordRow(columns: readonly ColumnField[], record: KartraAnswer): SourceRow {
  const row: SourceRow = {};
  for (const { header, field } of columns) if (field !== null) put(row, header, text(record[field]) ?? '');
  return row;
}

/** The identifiers of an account's custom fields (retrieve_custom_fields). */
export const customFieldIdentifiers = (answer: KartraAnswer): string[] =>
  (Array.isArray(answer.custom_fields) ? answer.custom_fields : []).flatMap((f) => (isObject(f) && text(f.field_identifier) ? [text(f.field_identifier)!] : []));
