import { knowledgeBase } from '../../../rules/index.ts';
import type { Pair } from '../../../rules/schema/pair.ts';
import type { Mapping } from '../../scoping/mapping/document.ts';
import { carriedListField, isModuleObject, recordTypeColumn } from '../pipeline/custom-module-kinds.ts';
import { isDocumentObject } from '../pipeline/documents-kinds.ts';
import { INVENTORY_CSV } from '../pipeline/inventory.ts';
import { noteObject } from '../pipeline/kb-package.ts';
import { LIST_OBJECT, MEMBER_OBJECT } from '../pipeline/lists-kinds.ts';
import type { PlanObject } from '../pipeline/plan.ts';

export const ROW_OUTCOMES = ['migrated', 'not_written', 'carried', 'not_in_export', 'inventoried', 'not_portable'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

export interface ObjectTally {
  rows: number;
  created: number;
  updated: number;
  quarantined: number;
  merged: number;
  skipped: number;
  conflicts: number;
}

/** What became of one row of the pair card (or one of its "not migrated" items) in this run. */
export interface PairRowAccount {
  row: string;
  label: string;
  outcome: RowOutcome;
  /** The run's staging objects that carry the row's records. */
  objects: string[];
  rows: number;
  written: number;
  quarantined: number;
  note: string;
}

const sum = (tallies: ObjectTally[], pick: (t: ObjectTally) => number) => tallies.reduce((n, t) => n + pick(t), 0);

/** Rows that write nothing of their own travel inside other records: say where, from what the mapping holds. */
function carriedNote(row: Pair['rows'][number], mapping: Mapping): string {
  const to = row.destination.objects;
  if (to.includes('user')) return `owners: ${mapping.owners.owners.length} in the owner plan, resolved to Freshsales users before loading`;
  const maps = mapping.valueMaps.filter((v) => v.row === row.id || (to.includes('deal_stage') && v.target.endsWith('deal_stage_id')));
  if (maps.length) return `value maps: ${maps.map((m) => `${m.column} → ${m.target} (${m.entries.length} values)`).join('; ')}`;
  const fields = mapping.objects.flatMap((o) => o.fields.filter((f) => f.sourceField === row.source.object || f.column.toLowerCase().includes(row.source.object.replace(/_/g, ' '))).map((f) => `${o.row}.${f.column}`));
  if (fields.length) return `fields of other records: ${fields.join(', ')}`;
  return `carried on ${row.destination.label} records through their mapped fields`;
}

/**
 * A row whose records are memberships named by a column of another object (Kartra lists on the contact rows): the
 * lists made and memberships added when the column goes to lists, or the multi-select field that keeps the names when
 * it does not. Null for other rows, or when no column carries the memberships.
 */
function membershipAccount(pair: Pair, row: Pair['rows'][number], mapping: Mapping, tallies: Record<string, ObjectTally>): Pick<PairRowAccount, 'outcome' | 'note' | 'objects' | 'written'> | null {
  const holder = knowledgeBase.destination(pair.destination)?.objects.find((o) => o.id === row.writesTo);
  if (!holder?.members) return null;
  const declared = knowledgeBase.source(pair.source)?.objects.flatMap((o) => o.fields).filter((f) => f.membershipOf === row.source.object).map((f) => f.id) ?? [];
  const lines = mapping.objects.flatMap((o) => o.fields.filter((f) => f.target.kind === 'list' || (f.sourceField !== null && declared.includes(f.sourceField))).map((f) => ({ o, f })));
  const listed = lines.filter(({ f }) => f.target.kind === 'list');
  if (listed.length) {
    const lists = tallies[LIST_OBJECT]?.created ?? 0;
    const members = tallies[MEMBER_OBJECT]?.created ?? 0;
    return {
      outcome: 'migrated',
      objects: [LIST_OBJECT, MEMBER_OBJECT],
      written: lists + members,
      note: `${lists} lists, ${members} memberships: lists created in Freshsales (one the account already had under the same name is reused, not counted) and contacts added to them from column ${listed.map(({ o, f }) => `${o.row}.${f.column}`).join(', ')}; a contact that was not loaded joins no list (its own row says why)`,
    };
  }
  const fields = lines.flatMap(({ o, f }) => (f.target.kind === 'custom' ? [`${o.destinationObject}.${f.target.name} ("${f.target.label}", ${f.target.type}) from column ${f.column}`] : []));
  if (!fields.length) return null;
  return { outcome: 'carried', objects: [], written: 0, note: `the scope keeps the ${row.source.label.toLowerCase()} names in the contact field ${fields.join(', ')} instead of ${holder.label.toLowerCase()}s; the setup checklist names the field and its choices` };
}

/**
 * A custom-object row: written as records of custom modules (a plan with them), or carried onto the records its
 * rows name by the pair card's fallback, naming the fields that hold them. Null for other rows.
 */
function customModuleAccount(pair: Pair, row: Pair['rows'][number], objects: PlanObject[], t: ObjectTally[]): Pick<PairRowAccount, 'outcome' | 'note'> | null {
  const quarantined = sum(t, (x) => x.quarantined);
  if (objects.every(isModuleObject)) {
    const columns = objects.map((o) => (o.mapping ? recordTypeColumn(pair.source, o.mapping) : null) ?? 'its object-name column');
    return {
      outcome: 'migrated',
      note: `${sum(t, (x) => x.created + x.updated)} written as custom-module records (one module per value of ${[...new Set(columns)].join(', ')}), ${quarantined} quarantined, ${sum(t, (x) => x.merged)} merged into duplicates, ${sum(t, (x) => x.conflicts)} left for a person`,
    };
  }
  if (!row.fallbackWritesTo || !objects.every((o) => o.destinationObject === row.fallbackWritesTo && o.destinationObject !== row.writesTo)) return null;
  const fields = objects.flatMap((o) => (o.mapping?.fields ?? []).flatMap((f) => (f.target.kind === 'custom' ? [`${f.target.name} (from ${f.column})`] : [])));
  const list = carriedListField(row).name;
  return {
    outcome: 'carried',
    note: `${sum(t, (x) => x.merged)} rows carried onto the ${row.fallbackWritesTo} records they name (this plan has no custom modules): the newest row's values in ${row.fallbackWritesTo} custom fields ${fields.join(', ') || '(none mapped)'}, every row listed in ${list}; ${quarantined} quarantined`,
  };
}

/**
 * Accounts for every row of the pair card and every item it says does not migrate: what the run wrote, what it
 * carried inside other records, what it inventoried, and what the export did not contain. Nothing is left unnamed.
 */
export function accountPairCard(pair: Pair, mapping: Mapping, plan: PlanObject[], tallies: Record<string, ObjectTally>): PairRowAccount[] {
  const planOf = (object: string) => plan.find((p) => p.object === object);
  const objectsOf = (rowId: string) => {
    const row = pair.rows.find((r) => r.id === rowId)!;
    // Line items split from the row's files (named after the line-item object, e.g. deal_product) count with the row.
    const lineItems = (m: PlanObject['mapping']) =>
      !!m && m.row !== rowId && m.row === m.destinationObject && m.sourceObject === row.source.object && row.destination.objects.includes(m.row) && !pair.rows.some((r) => r.id === m.row);
    const own = plan.filter((p) => p.mapping?.row === rowId || lineItems(p.mapping)).map((p) => p.object);
    // Accounts made from a free-text company column answer for the pair row that writes sales accounts, when no export feeds it.
    if (own.length === 0 && row.writesTo === 'sales_account') return plan.filter((p) => p.derivedFrom).map((p) => p.object);
    return own;
  };
  const out: PairRowAccount[] = pair.rows.map((row) => {
    const objects = objectsOf(row.id);
    const t = objects.map((o) => tallies[o] ?? { rows: 0, created: 0, updated: 0, quarantined: 0, merged: 0, skipped: 0, conflicts: 0 });
    const base = { row: row.id, label: row.source.label, objects, rows: sum(t, (x) => x.rows), written: sum(t, (x) => x.created + x.updated), quarantined: sum(t, (x) => x.quarantined) };
    if (row.handling === 'inventory' && objects.length) {
      // An inventoried export (projects): every row goes to the inventory CSV, and a note summarises it on the record it names.
      const skipped = sum(t, (x) => x.skipped);
      const extra = [...(skipped ? [`${skipped} without a new note (the CSV gives the reason for each)`] : []), ...(base.quarantined ? [`${base.quarantined} quarantined`] : [])];
      return { ...base, outcome: 'inventoried' as const, note: `${base.rows} rows in the inventory CSV (${INVENTORY_CSV}), ${base.written} notes on linked records${extra.map((e) => `, ${e}`).join('')}` };
    }
    if (row.handling === 'inventory') return { ...base, outcome: 'inventoried' as const, note: `listed for the customer to rebuild or keep: ${row.destination.label}` };
    if (row.handling === 'not_portable') return { ...base, outcome: 'not_portable' as const, note: `no home in Freshsales: ${row.destination.label}` };
    if (objects.length) {
      const unwritten = objects.filter((o) => planOf(o)?.entity === null && !isDocumentObject(planOf(o)) && !isModuleObject(planOf(o)));
      if (unwritten.length === objects.length) {
        return { ...base, outcome: 'not_written' as const, note: `Ferry does not write ${[...new Set(unwritten.map((o) => planOf(o)!.destinationObject))].join(', ')} records yet; all ${base.rows} rows are held in quarantine with that reason` };
      }
      const modules = customModuleAccount(pair, row, objects.map((o) => planOf(o)!), t);
      if (modules) return { ...base, ...modules };
      // A row writing no record of its own (Promio reviews): its rows travel on the records they name — or, for a lookup
      // (Profi packages), on the records of its kind that name them.
      if (!row.writesTo) {
        const lookup = mapping.relationships.some((r) => objects.includes(r.to.row) && !objects.includes(r.from.row) && row.destination.objects.includes(pair.rows.find((x) => x.id === r.from.row)?.writesTo ?? ''));
        const onto = lookup ? 'the records that name them' : 'the records they name';
        return { ...base, outcome: 'carried' as const, note: `${sum(t, (x) => x.merged)} rows carried onto ${onto} as ${row.destination.label}, ${base.quarantined} quarantined` };
      }
      if (row.documentPackage) {
        const notes = objects.reduce((n, o) => n + (tallies[noteObject(o)]?.created ?? 0), 0);
        return {
          ...base,
          outcome: 'migrated' as const,
          note: `${base.written} written to the document package "${row.documentPackage.title}" (document_package.zip: Freshsales has no place for them), ${notes} notes left on the records they are linked to, ${base.quarantined} quarantined, ${sum(t, (x) => x.skipped)} unchanged`,
        };
      }
      // A row loading several kinds (products and their deal line items) says what became of each.
      const each = objects.length > 1 ? ` (${objects.map((o, i) => `${o}: ${t[i]!.created + t[i]!.updated} of ${t[i]!.rows} rows written`).join('; ')})` : '';
      return { ...base, outcome: 'migrated' as const, note: `${base.written} written${each}, ${base.quarantined} quarantined, ${sum(t, (x) => x.merged)} merged into duplicates, ${sum(t, (x) => x.skipped)} skipped (unchanged, or handed over instead of loaded), ${sum(t, (x) => x.conflicts)} left for a person` };
    }
    const memberships = membershipAccount(pair, row, mapping, tallies);
    if (memberships) return { ...base, ...memberships };
    if (!row.writesTo) return { ...base, outcome: 'carried' as const, note: carriedNote(row, mapping) };
    return { ...base, outcome: 'not_in_export' as const, note: `the exports given at discovery hold no ${row.source.label} records` };
  });
  for (const item of pair.notMigrated) {
    out.push({ row: item.id, label: item.item, outcome: item.handling === 'inventory' ? 'inventoried' : 'not_portable', objects: [], rows: 0, written: 0, quarantined: 0, note: item.reason });
  }
  return out;
}
