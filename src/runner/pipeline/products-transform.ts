import type { FieldMapping } from '../../scoping/mapping/document.ts';
import { LINE_ITEMS_FIELD } from '../destinations/freshsales/product-fields.ts';
import type { CatalogueEntity, DestinationField, SourcePosition, SourceRow } from '../protocol.ts';
import { quote, readCell } from '../transform/cells.ts';
import { coercerFor, TEXT_LIMITS, type CellCoercer } from '../transform/coerce.ts';
import { mapValue } from '../transform/choices.ts';
import { idColumn } from '../transform/identity.ts';
import { compiling } from '../transform/compile.ts';
import { compileLinks, LINK_TARGETS } from '../transform/links.ts';
import { formatLocales } from '../transform/number-value.ts';
import type { CompiledTransform, CompileInput, StagedRecord, TransformResult } from '../transform/types.ts';

/** A staged line item: the deal it names (its ref's normalised value), so the load can gather a deal's lines. */
export type StagedLine = StagedRecord & { deal: string };

interface RowState {
  data: Record<string, unknown>;
  appends: Map<string, string[]>;
  failures: { column?: string; reason: string }[];
  owner: string | null;
}

/**
 * Compiles a catalogue object (products) or a line-item object (deal products) of the mapping. Neither takes custom
 * fields, so no provenance fields: products are found again by SKU (else name), and line items through their deal.
 * Columns that name the deal and the product become links; the rest are coerced like any field. On a plan without
 * the catalogue, line items are kept as text on the deal, whose "Line items" field must exist.
 */
export function compileCatalogueTransform(input: CompileInput & { entity: CatalogueEntity; hasCatalogue: boolean }): CompiledTransform {
  const { mapping, entity, destination, profiles } = input;
  const { object, problems, problem } = compiling(input);
  const fields = destination.fields[entity] ?? [];
  const links = compileLinks(mapping, object, entity, profiles, problem, input.listSeparator);
  const amountLocales = formatLocales(input.amountFormats ?? []);
  // A catalogue keyed by a column the line items point at keeps that value as its source key, whatever its profile says.
  const keyColumn = idColumn(mapping, object) ?? mapping.relationships.find((r) => r.to.row === object.row && r.to.column !== null)?.to.column ?? null;
  const steps: ((row: SourceRow, s: RowState) => void)[] = [];
  const filledBy = new Map<string, string>();

  const coerceStep = (f: FieldMapping, field: DestinationField, store: (s: RowState, value: unknown) => void) => {
    const valueMap = mapping.valueMaps.find((v) => v.row === object.row && v.column === f.column);
    const coerce: CellCoercer = coercerFor(field, { column: f.column, profile: profiles[f.column], valueMap, destination, amountLocales, problem: (m) => problem(f.column, field.name, m) });
    // Dropdowns whose choices no API lists are described as text: the value map still applies to them.
    const mapped = field.type === 'text' && valueMap;
    steps.push((row, s) => {
      const cell = readCell(row[f.column]);
      if (cell === undefined) return;
      let value: string | string[] = cell;
      if (mapped && typeof cell === 'string') {
        const m = mapValue(valueMap, cell);
        if (m.kind === 'undecided') return void s.failures.push({ column: f.column, reason: `column ${f.column}: value ${quote(cell)} has no target in value map ${valueMap.id} yet` });
        if (m.kind === 'mapped') value = m.target;
      }
      const r = coerce(value);
      if (!r.ok) s.failures.push({ column: f.column, reason: r.reason });
      else if (r.value !== undefined) store(s, r.value);
    });
  };

  for (const f of object.fields) {
    const t = f.target;
    if (t.kind === 'ignore') continue;
    if (t.kind === 'list') {
      problem(f.column, null, `column ${f.column} names lists, and only Freshsales contacts belong to lists; map it to a labelled line or ignore it`);
      continue;
    }
    if (t.kind === 'custom') {
      problem(f.column, t.name, `Freshsales ${entity === 'products' ? 'products' : 'deal line items'} take no custom fields; map column ${f.column} to a standard field, a labelled line or ignore`);
      continue;
    }
    if (t.kind === 'standard' && t.field === 'owner_id') {
      steps.push((row, s) => {
        const cell = readCell(row[f.column]);
        if (cell !== undefined) s.owner = Array.isArray(cell) ? cell.join(', ') : cell;
      });
      continue;
    }
    if (t.kind === 'standard' && LINK_TARGETS[entity].has(t.field)) {
      if (!links.fromColumns.has(f.column)) problem(f.column, t.field, `column ${f.column} fills ${t.field}, but no relationship says which record it names`);
      continue;
    }
    const field = fields.find((x) => x.name === t.field);
    if (t.kind === 'append') {
      if (field?.type !== 'textarea') {
        problem(f.column, t.field, `Freshsales ${entity} have no text area ${t.field} to keep labelled lines in`);
        continue;
      }
      steps.push((row, s) => {
        const cell = readCell(row[f.column]);
        if (cell !== undefined) s.appends.set(t.field, [...(s.appends.get(t.field) ?? []), `${f.column}: ${Array.isArray(cell) ? cell.join(', ') : cell}`]);
      });
      continue;
    }
    if (!field) {
      problem(f.column, t.field, `Freshsales ${entity} have no field ${t.field}`);
      continue;
    }
    const other = filledBy.get(t.field);
    if (other !== undefined && other !== f.column) problem(f.column, t.field, `columns ${other} and ${f.column} both fill ${t.field}`);
    filledBy.set(t.field, f.column);
    coerceStep(f, field, (s, value) => void (s.data[t.field] = value));
  }

  const required = fields.filter((f) => f.required && !LINK_TARGETS[entity].has(f.name));
  for (const r of required) if (!filledBy.has(r.name)) problem(null, r.name, `${r.name} (${r.label}) is required in the destination and no column fills it`);
  if (entity === 'deal_products') {
    for (const [field, what] of [['deal_id', 'deal'], ['product_id', 'product']] as const)
      if (!links.linkedBy.has(field)) problem(null, field, `no relationship of ${object.row} names the ${what} each line item belongs to`);
    const summary = destination.fields.deals.find((f) => f.name === LINE_ITEMS_FIELD.name);
    if (!input.hasCatalogue && summary?.type !== 'textarea')
      problem(null, LINE_ITEMS_FIELD.name, `custom field ${LINE_ITEMS_FIELD.name} ('${LINE_ITEMS_FIELD.label}', ${LINE_ITEMS_FIELD.type}) is missing in the destination's deals; without a product catalogue Ferry keeps each deal's line items there`);
  }

  const transform = (row: SourceRow, position: SourcePosition): TransformResult => {
    const s: RowState = { data: {}, appends: new Map(), failures: [], owner: null };
    for (const step of steps) step(row, s);
    for (const [name, lines] of s.appends) {
      const text = [s.data[name], ...lines].filter((x) => x !== undefined).join('\n');
      if (text.length > TEXT_LIMITS.textarea) s.failures.push({ reason: `field ${name}: the labelled lines come to ${text.length} characters; it takes at most ${TEXT_LIMITS.textarea}` });
      else s.data[name] = text;
    }
    for (const r of required) {
      if (s.data[r.name] !== undefined) continue;
      const column = filledBy.get(r.name)!;
      s.failures.push({ column, reason: `column ${column}: empty, but ${r.name} (${r.label}) is required` });
    }
    const refs = links.refs(row, position);
    const deal = refs.find((r) => r.field === 'deal_id');
    if (entity === 'deal_products') {
      for (const [field, what] of [['deal_id', 'deal'], ['product_id', 'product']] as const) {
        const named = refs.filter((r) => r.field === field).length;
        const column = mapping.relationships.find((x) => x.id === links.linkedBy.get(field))?.from.column;
        if (!column || named === 1) continue;
        s.failures.push({ column, reason: named === 0 ? `column ${column}: empty, but a line item must name its ${what}` : `column ${column}: names ${named} ${what}s; a line item belongs to one` });
      }
    }
    if (s.failures.length) {
      const column = s.failures.find((f) => f.column !== undefined)?.column;
      return { ok: false, reason: [...new Set(s.failures.map((f) => f.reason))].join('; '), ...(column !== undefined ? { column } : {}) };
    }
    const id = keyColumn ? readCell(row[keyColumn]) : undefined;
    const sourceKey = typeof id === 'string' ? id : `${position.file}:${position.line}`;
    const sku = s.data.sku_number;
    const identifier: Record<string, string> = entity === 'products' ? (typeof sku === 'string' ? { sku_number: sku } : { name: String(s.data.name) }) : {};
    const record: StagedRecord | StagedLine = {
      sourceKey,
      identifier,
      data: s.data,
      owner: s.owner,
      refs,
      keys: links.keys(row, position),
      ...(deal ? { deal: deal.value } : {}),
    };
    return { ok: true, record };
  };
  return { transform, problems };
}
