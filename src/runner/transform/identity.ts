import type { ColumnProfile } from '../../scoping/discovery/profile/types.ts';
import type { Mapping, ObjectMapping } from '../../scoping/mapping/document.ts';
import { isActivityEntity, type DestinationEntity, type SourceRow } from '../protocol.ts';
import { ENTITY_OF, normaliseKeyValue } from './links.ts';
import { PROVENANCE_FIELDS } from '../provenance.ts';
import { quote, readCell } from './cells.ts';
import { columnZone, dateReader } from './coerce.ts';
import { instantOf, isoDate, isoDateTime } from './date-value.ts';

/** The provenance fields (src/runner/provenance.ts) by what they hold. */
export const PROVENANCE = {
  sourceId: PROVENANCE_FIELDS[0].name,
  createdAt: PROVENANCE_FIELDS[1].name,
  updatedAt: PROVENANCE_FIELDS[2].name,
} as const;

/**
 * The column whose value keys a row: the first id column written to external_id or a custom field, or one a relationship
 * matches other rows against; for activities, which take no custom fields, also one kept as a labelled line. Null when
 * there is none (the row is then keyed by email, else by file and line).
 */
export function idColumn(mapping: Mapping, object: ObjectMapping): string | null {
  const pointedAt = new Set(mapping.relationships.filter((r) => r.to.row === object.row).map((r) => r.to.column));
  const entity = ENTITY_OF[object.destinationObject];
  const activity = entity !== undefined && isActivityEntity(entity);
  const f = object.fields.find(
    (f) =>
      f.sourceType === 'id' &&
      ((f.target.kind === 'standard' && f.target.field === 'external_id') || f.target.kind === 'custom' || pointedAt.has(f.column) || (activity && f.target.kind === 'append')),
  );
  return f?.column ?? null;
}

/** The standard field holding the email that identifies a record of a kind: a contact's emails, a Classic lead's email. */
export const EMAIL_FIELD: Partial<Record<DestinationEntity, string>> = { contacts: 'emails', leads: 'email' };

/** The upsert key: contacts (and leads) by email when they have one, accounts by name, everything else by Ferry's source id. */
export function identifierOf(entity: DestinationEntity, data: Record<string, unknown>, sourceId: string, email: string | undefined): Record<string, string> {
  if (entity === 'contacts' && email) return { emails: email };
  if (entity === 'leads' && email) return { email };
  if (entity === 'sales_accounts' && typeof data.name === 'string') return { name: data.name };
  return { [PROVENANCE.sourceId]: sourceId };
}

/** What the destination itself tells records apart by, where it has such a key: what `naturalKey` returns. */
export const NATURAL_KEY_LABEL: Partial<Record<DestinationEntity, string>> = { contacts: 'email', leads: 'email', sales_accounts: 'name' };

/**
 * The key rows of one destination record share, normalised: a contact's email, an account's name (Freshsales
 * upserts them by it, so two rows with one name are one account). Undefined for other kinds and rows without it.
 */
export function naturalKey(entity: DestinationEntity, data: Record<string, unknown>, email: string | undefined): string | undefined {
  if (entity === 'contacts' || entity === 'leads') return email;
  if (entity === 'sales_accounts' && typeof data.name === 'string') return normaliseKeyValue(data.name, 'name');
  return undefined;
}

const CREATED = /creat/i;
const UPDATED = /modif|updat/i;

export interface Timestamps {
  /** Columns whose values are recorded in the provenance fields. */
  created: string | null;
  updated: string | null;
  read(row: SourceRow): { createdAt?: string; updatedAt?: string; cursor?: string; failures: { column: string; reason: string }[] };
}

/** The created/modified/updated date columns of an object: provenance values and the delta cursor (their newest instant). */
export function compileTimestamps(object: ObjectMapping, profiles: Record<string, ColumnProfile>, problem: (column: string, message: string) => void): Timestamps {
  const columns = object.fields
    .map((f) => f.column)
    .filter((c, i, all) => all.indexOf(c) === i)
    .filter((c) => (profiles[c]?.type === 'date' || profiles[c]?.type === 'datetime') && (CREATED.test(c) || UPDATED.test(c)))
    .map((column) => {
      const profile = profiles[column];
      const zone = columnZone({ profile, problem: (m) => problem(column, m) });
      return { column, reader: dateReader(profile), zone };
    });
  const created = columns.find((c) => CREATED.test(c.column)) ?? null;
  const updated = columns.find((c) => UPDATED.test(c.column)) ?? null;
  return {
    created: created?.column ?? null,
    updated: updated?.column ?? null,
    read(row) {
      const failures: { column: string; reason: string }[] = [];
      const out: { createdAt?: string; updatedAt?: string; cursor?: string } = {};
      let newest: number | undefined;
      for (const c of columns) {
        const cell = readCell(row[c.column]);
        if (typeof cell !== 'string') continue;
        const r = c.reader.read(cell);
        if (!r) {
          failures.push({ column: c.column, reason: `column ${c.column}: value ${quote(cell)} is not a date in ${c.reader.describe}` });
          continue;
        }
        const iso = r.hasTime ? isoDateTime(r, c.zone) : isoDate(r);
        if (c === created) out.createdAt = iso;
        if (c === updated) out.updatedAt = iso;
        const t = instantOf(r, c.zone).epochMs;
        if (newest === undefined || t > newest) newest = t;
      }
      if (newest !== undefined) out.cursor = new Date(newest).toISOString();
      return { ...out, failures };
    },
  };
}
