import type { ColumnProfile } from '../../scoping/discovery/profile/types.ts';
import type { Mapping, ObjectMapping } from '../../scoping/mapping/document.ts';
import type { DestinationEntity, SourcePosition, SourceRow } from '../protocol.ts';
import { readCell, splitItems } from './cells.ts';
import type { RecordRef, RefVia } from './types.ts';

/** The key under which a row offers itself to relationships that link two objects made from the same source row. */
export const SAME_ROW_KEY = '#row';

/** Pair-card destination objects the runner loads, by their Freshsales collection. */
export const ENTITY_OF: Record<string, DestinationEntity> = {
  contact: 'contacts', sales_account: 'sales_accounts', deal: 'deals', lead: 'leads',
  task: 'tasks', appointment: 'appointments', sales_activity: 'sales_activities', note: 'notes',
  product: 'products', deal_product: 'deal_products',
};

/** Activities hang off one contact, account or deal: every relationship from them fills targetable_id, the first that resolves wins. */
const TARGETABLE = { contacts: 'targetable_id', sales_accounts: 'targetable_id', deals: 'targetable_id' };

/**
 * The field a resolved link is written to, by the linking entity and the entity it links to. Deals carry their contacts
 * as contact_ids (what Freshsales shows; the destination writes them as contacts_added_list).
 */
const LINK_FIELD: Record<DestinationEntity, Partial<Record<DestinationEntity, string>>> = {
  contacts: { sales_accounts: 'sales_account_id' },
  deals: { sales_accounts: 'sales_account_id', contacts: 'contact_ids' },
  sales_accounts: { sales_accounts: 'parent_sales_account_id' },
  leads: {},
  products: {},
  deal_products: { deals: 'deal_id', products: 'product_id' },
  tasks: TARGETABLE,
  appointments: TARGETABLE,
  sales_activities: TARGETABLE,
  notes: TARGETABLE,
};

/** The field an enrichment row's refs carry: they name the record its values go onto, not a link to write. */
const ENRICHES = 'enriches';
/** The field the refs to a lookup row carry: they name the row whose values fill this record, not a link to write. */
export const LOOKS_UP = 'looks_up';

/** Standard targets that name another record rather than hold a value: filled through a relationship, never as data. */
export const LINK_TARGETS: Record<DestinationEntity, ReadonlySet<string>> = {
  contacts: new Set(['sales_accounts', 'sales_account_id', 'company']),
  deals: new Set(['sales_account_id', 'contacts_added_list', 'contacts', 'contact_ids']),
  sales_accounts: new Set(['parent_sales_account_id']),
  // A lead's company is its own text (company.name), made an account only when a rep converts the lead.
  leads: new Set(),
  products: new Set(),
  deal_products: new Set(['deal_id', 'product_id']),
  tasks: new Set(['targetable_id', 'targetable_type']),
  appointments: new Set(['targetable_id', 'targetable_type']),
  sales_activities: new Set(['targetable_id', 'targetable_type']),
  notes: new Set(['targetable_id', 'targetable_type']),
};
/** Link targets that hold several records, so their cells may list several keys. */
const MULTI_LINKS = new Set(['sales_accounts', 'contacts_added_list', 'contacts', 'contact_ids']);

/** How relationship keys compare: emails ignoring case, names ignoring case and spacing, ids as written (trimmed). */
export function normaliseKeyValue(value: string, via: RefVia): string {
  if (via === 'email') return value.trim().toLowerCase();
  if (via === 'name') return value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return value.trim();
}

const rowKey = (p: SourcePosition) => `${p.file}:${p.line}`;

export interface CompiledLinks {
  /** Columns whose value becomes a ref (they are not written as data). */
  fromColumns: ReadonlySet<string>;
  /** Relationship id by the link field its refs fill (sales_account_id, …). */
  linkedBy: ReadonlyMap<string, string>;
  refs(row: SourceRow, position: SourcePosition): RecordRef[];
  keys(row: SourceRow, position: SourcePosition): Record<string, string>;
}

/** The refs this object's rows carry and the keys they offer, from the mapping's relationships; bad relationships are setup problems. */
export function compileLinks(
  mapping: Mapping,
  object: ObjectMapping,
  entity: DestinationEntity,
  profiles: Record<string, ColumnProfile>,
  problem: (column: string | null, field: string | null, message: string) => void,
  listSeparator?: string,
  enrichment = false,
  lookups: ReadonlySet<string> = new Set(),
): CompiledLinks {
  const columns = new Set(object.fields.map((f) => f.column));
  const fromColumns = new Set<string>();
  const linkedBy = new Map<string, string>();
  const builders: ((row: SourceRow, position: SourcePosition) => RecordRef[])[] = [];

  for (const r of mapping.relationships.filter((r) => r.from.row === object.row)) {
    const column = r.from.column;
    const fail = (message: string) => problem(column, null, `relationship ${r.id}: ${message}`);
    const target = mapping.objects.find((o) => o.row === r.to.row);
    const toEntity = target && ENTITY_OF[target.destinationObject];
    const written = column === null ? undefined : object.fields.find((f) => f.column === column)?.target;
    // A column written to a contact's account list adds to the list; the single account link names the primary one.
    const field =
      toEntity &&
      (enrichment && toEntity === entity
        ? ENRICHES
        : lookups.has(r.to.row) && toEntity === entity
          ? LOOKS_UP
          : written?.kind === 'standard' && written.field === 'sales_accounts' && toEntity === 'sales_accounts' && entity === 'contacts' ? 'sales_accounts' : LINK_FIELD[entity][toEntity]);
    if (!r.via) fail('names no key (id, name or email) to match by');
    else if (!target) fail(`the mapping has no object ${r.to.row}`);
    else if (!field) fail(`Freshsales has no field linking ${entity} to ${target.destinationObject}`);
    else if ((column === null) !== (r.to.column === null)) fail(`one side names no column to match (${r.description})`);
    else if (column !== null && !columns.has(column)) fail(`column ${column} is not a column of ${object.row}`);
    else if (r.when && !columns.has(r.when.column)) fail(`its type column ${r.when.column} is not a column of ${object.row}`);
    else {
      const via = r.via;
      const base = { relationship: r.id, toObject: r.to.row, via, field };
      linkedBy.set(field, r.id);
      if (column === null) {
        builders.push((_row, position) => [{ ...base, value: rowKey(position) }]);
        continue;
      }
      fromColumns.add(column);
      const multi = written?.kind === 'standard' && MULTI_LINKS.has(written.field);
      const separator = profiles[column]?.separator ?? listSeparator;
      // A polymorphic link applies only to rows whose type column names this relationship's object.
      const kinds = r.when && new Set(r.when.values.map((v) => normaliseKeyValue(v, 'name')));
      if (r.when) fromColumns.add(r.when.column);
      builders.push((row) => {
        const cell = readCell(row[column]);
        if (cell === undefined) return [];
        if (kinds) {
          const kind = readCell(row[r.when!.column]);
          if (typeof kind !== 'string' || !kinds.has(normaliseKeyValue(kind, 'name'))) return [];
        }
        // Only the separator discovery profiled for this column (else the platform's list separator) splits a cell, and only
        // for a link that takes several records: a company name such as "Smith, Barnes & Co." holds commas.
        // Without either, ids and emails (which never hold ';') may still split on ';'.
        const by = separator ?? (via === 'name' ? undefined : ';');
        const items = Array.isArray(cell) ? splitItems(cell, ';') : multi && by && !(via === 'name' && by === ',') ? splitItems(cell, by) : [cell];
        return items.map((item) => ({ ...base, value: normaliseKeyValue(item, via) }));
      });
    }
  }

  const keyers: ((row: SourceRow, position: SourcePosition, keys: Record<string, string>) => void)[] = [];
  for (const r of mapping.relationships.filter((r) => r.to.row === object.row && r.via)) {
    const column = r.to.column;
    const via = r.via!;
    if (column === null) {
      if (r.from.column === null) keyers.push((_row, position, keys) => void (keys[SAME_ROW_KEY] = rowKey(position)));
    } else if (!columns.has(column)) problem(column, null, `relationship ${r.id} matches on column ${column}, which ${object.row} does not have`);
    else
      keyers.push((row, _position, keys) => {
        const cell = readCell(row[column]);
        if (typeof cell === 'string') keys[column] = normaliseKeyValue(cell, via);
      });
  }

  return {
    fromColumns,
    linkedBy,
    refs: (row, position) => builders.flatMap((b) => b(row, position)),
    keys: (row, position) => {
      const keys: Record<string, string> = {};
      for (const k of keyers) k(row, position, keys);
      return keys;
    },
  };
}
