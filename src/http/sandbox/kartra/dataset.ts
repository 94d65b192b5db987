import { columnFields, multiValueSeparator } from '../../../runner/sources/kartra/columns.ts';
import type { KartraStreamObject } from '../../../runner/sources/kartra/config.ts';
import { DEFAULT_UPLOAD_LIMITS, readTable, type TableRecord } from '../../../scoping/upload/index.ts';

export const CUSTOM_FIELD_KINDS = ['input_field', 'text_area', 'drop_down', 'radio_button', 'checkbox'] as const;
export type CustomFieldKind = (typeof CUSTOM_FIELD_KINDS)[number];

export interface CustomFieldDef {
  field_id: number;
  field_identifier: string;
  field_type: CustomFieldKind;
  /** For the choice kinds: the options, numbered across the account. */
  options: { option_id: number; option_value: string }[];
}

export interface KartraLead {
  /** API field → value, as get_lead gives them (strings, as the export had them). */
  fields: Record<string, string>;
  tags: string[];
  lists: string[];
  /** Identifier → the value's text (choice kinds: option labels joined by the multi-value separator). */
  custom: Record<string, string>;
  deleted: boolean;
}

/** What the emulator serves: the account's leads by lowercased email, and their transactions and subscriptions. */
export interface KartraDataset {
  leads: Map<string, KartraLead>;
  customFields: CustomFieldDef[];
  transactions: Map<string, Record<string, string>[]>;
  subscriptions: Map<string, Record<string, string>[]>;
}

export interface ExportBytes {
  contacts: Uint8Array;
  transactions?: Uint8Array;
  subscriptions?: Uint8Array;
}

/** A custom field's identifier: letters, digits, '-' and '_' (Kartra's rule); other unknown columns are not Kartra fields. */
const IDENTIFIER = /^[A-Za-z0-9_-]+$/;
export const emailKey = (email: string) => email.trim().toLowerCase();

async function rowsOf(name: string, bytes: Uint8Array): Promise<{ headers: string[]; rows: TableRecord[] }> {
  let headers: string[] = [];
  const rows: TableRecord[] = [];
  await readTable({ name, body: new Blob([bytes as BlobPart]).stream() }, DEFAULT_UPLOAD_LIMITS, {
    start: (meta) => void (headers = [...meta.headers]),
    row: (record) => void rows.push(record),
  });
  return { headers, rows };
}

const cell = (record: TableRecord, header: string) => {
  const v = record[header];
  return Array.isArray(v) ? v.join(multiValueSeparator()) : (v ?? '');
};

/** Rows of a transactions or subscriptions export, by API field, grouped by the buyer's lowercased email. */
async function byLead(object: KartraStreamObject, name: string, bytes: Uint8Array | undefined) {
  const out = new Map<string, Record<string, string>[]>();
  if (!bytes) return out;
  const { headers, rows } = await rowsOf(name, bytes);
  const columns = columnFields(object, headers).filter((c) => c.field !== null);
  for (const row of rows) {
    const record = Object.fromEntries(columns.map((c) => [c.field!, cell(row, c.header)]));
    const key = emailKey(record.lead_email ?? '');
    out.set(key, [...(out.get(key) ?? []), record]);
  }
  return out;
}

/**
 * The emulator's account, made from a Kartra export: each contacts row a lead (known columns as API fields, columns
 * named like identifiers as custom fields of the kind `kinds` gives, input_field otherwise), plus the transactions and
 * subscriptions exports. Values stay as the export wrote them, so what the API serves can be compared with the files.
 */
export async function loadKartraDataset(files: ExportBytes, kinds: Record<string, CustomFieldKind> = {}): Promise<KartraDataset> {
  const separator = multiValueSeparator();
  const split = (v: string) => [...new Set(v.split(separator).map((s) => s.trim()).filter(Boolean))];
  const { headers, rows } = await rowsOf('contacts.csv', files.contacts);
  const columns = columnFields('contact', headers);
  const customHeaders = columns.filter((c) => c.field === null && IDENTIFIER.test(c.header)).map((c) => c.header);

  let nextOption = 1;
  const customFields: CustomFieldDef[] = customHeaders.map((identifier, i) => {
    const field_type = kinds[identifier] ?? 'input_field';
    const values = field_type === 'input_field' || field_type === 'text_area' ? [] : [...new Set(rows.flatMap((r) => split(cell(r, identifier))))].sort();
    return { field_id: i + 1, field_identifier: identifier, field_type, options: values.map((option_value) => ({ option_id: nextOption++, option_value })) };
  });

  const leads = new Map<string, KartraLead>();
  for (const row of rows) {
    const fields: Record<string, string> = {};
    for (const { header, field } of columns) if (field && field !== 'tags' && field !== 'lists') fields[field] = cell(row, header);
    const lead: KartraLead = {
      fields,
      tags: split(cell(row, columns.find((c) => c.field === 'tags')?.header ?? '')),
      lists: split(cell(row, columns.find((c) => c.field === 'lists')?.header ?? '')),
      custom: Object.fromEntries(customHeaders.map((h) => [h, cell(row, h)])),
      deleted: false,
    };
    if (fields.email) leads.set(emailKey(fields.email), lead); // a later duplicate of an email is the same lead, as in Kartra
  }
  return {
    leads,
    customFields,
    transactions: await byLead('transaction', 'transactions.csv', files.transactions),
    subscriptions: await byLead('subscription', 'subscriptions.csv', files.subscriptions),
  };
}

