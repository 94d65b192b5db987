import type { DestinationDescription, DestinationField, DestinationModule, DestinationSession } from '../protocol.ts';
import { quote, readCell } from '../transform/cells.ts';
import { coercerFor, TEXT_LIMITS, textCoercer, type CellCoercer } from '../transform/coerce.ts';
import { compiling } from '../transform/compile.ts';
import { compileTimestamps, idColumn, PROVENANCE } from '../transform/identity.ts';
import { normaliseKeyValue } from '../transform/links.ts';
import { formatLocales } from '../transform/number-value.ts';
import type { CompiledTransform, StagedRecord, TransformResult } from '../transform/types.ts';
import { CUSTOM_MODULE_OBJECT, recordTypeColumn } from './custom-module-kinds.ts';
import type { PlanObject } from './plan.ts';
import type { RunContext } from './run-context.ts';

/** The standard fields every custom module has that a mapping may fill; the others Freshsales sets itself. */
const MODULE_STANDARD = new Set(['name', 'owner_id']);

/** The account's module for an object name: by its singular or plural name, or its entity name. */
function moduleNamed(modules: DestinationModule[], name: string): DestinationModule | undefined {
  const key = normaliseKeyValue(name, 'name');
  return modules.find((m) => [m.singular, m.plural, m.entityName].some((n) => normaliseKeyValue(n, 'name') === key));
}

/**
 * Compiles each custom-object row of the plan into module records (on a plan with custom modules): the row's object
 * name (the platform's recordTypeField column) picks the module, which the admin created from the setup checklist
 * with the row's custom fields and Ferry's provenance fields. Every module the export's object names need must exist
 * with those fields before anything loads: what is missing is a setup problem. The record keeps the parent's source id
 * in whatever field the mapping gives its link column — a lookup field to a contact, account or deal cannot be created
 * through the API, so Ferry writes no lookups.
 */
export async function compileCustomModules(
  rc: RunContext,
  session: DestinationSession,
  destination: DestinationDescription,
  preset: { amountFormats?: string[] },
): Promise<{ p: PlanObject; t: CompiledTransform }[]> {
  const objects = rc.plan.filter((p) => p.mapping && !p.derivedFrom && p.destinationObject === CUSTOM_MODULE_OBJECT);
  if (objects.length === 0) return [];
  const api = session.modules;
  const modules = api ? await api.modules() : [];
  const out: { p: PlanObject; t: CompiledTransform }[] = [];
  for (const p of objects) {
    const { object, problems, problem } = compiling({ mapping: rc.mapping, object: p.object });
    if (!api) problem(null, null, `this destination keeps no custom-module records, which ${object.row} needs on the ${rc.destination.plan} plan`);
    const typeColumn = recordTypeColumn(rc.sourcePlatform, object);
    if (!typeColumn) problem(null, null, `no column of ${object.row} says which of the customer's objects a record belongs to, so no custom module can be chosen for it; map the object-name column`);
    // Every module the export's object names call for, with its fields.
    const named = (typeColumn ? (p.profiles[typeColumn]?.choices ?? []) : []).map((c) => c.value);
    const fieldsOf = new Map<string, DestinationField[]>();
    for (const name of named) {
      const m = moduleNamed(modules, name);
      if (!m) {
        problem(typeColumn, null, `custom module "${name}" is missing in Freshsales: create it from the setup checklist (Admin Settings → Custom modules) with its fields`);
        continue;
      }
      if (!fieldsOf.has(m.entityName)) fieldsOf.set(m.entityName, api ? await api.fields(m.entityName) : []);
    }

    const timestamps = compileTimestamps(object, p.profiles, (column, m) => problem(column, null, m));
    const amountLocales = formatLocales(preset.amountFormats ?? []);
    const steps: ((row: Record<string, string | string[]>, s: { data: Record<string, unknown>; custom: Record<string, unknown>; owner: string | null; failures: { column: string; reason: string }[] }) => void)[] = [];
    const store = (column: string, coerce: CellCoercer, put: (s: Parameters<(typeof steps)[number]>[1], v: unknown) => void) =>
      steps.push((row, s) => {
        const cell = readCell(row[column]);
        if (cell === undefined) return;
        const r = coerce(cell);
        if (!r.ok) s.failures.push({ column, reason: r.reason });
        else if (r.value !== undefined) put(s, r.value);
      });
    for (const f of object.fields) {
      const t = f.target;
      if (t.kind === 'ignore') continue;
      if (t.kind === 'standard' && t.field === 'owner_id') {
        steps.push((row, s) => {
          const cell = readCell(row[f.column]);
          if (cell !== undefined) s.owner = Array.isArray(cell) ? cell.join(', ') : cell;
        });
      } else if (t.kind === 'standard' && t.field === 'name') {
        store(f.column, textCoercer(f.column, 'name', TEXT_LIMITS.text), (s, v) => void (s.data.name = v));
      } else if (t.kind === 'custom') {
        for (const [entityName, fields] of fieldsOf) {
          const live = fields.find((x) => x.name === t.name);
          if (!live) problem(f.column, t.name, `custom field ${t.name} ('${t.label}', ${t.type}) is missing in the custom module ${entityName}`);
          else if (live.type !== t.type) problem(f.column, t.name, `custom field ${t.name} is ${live.type} in the custom module ${entityName}; the mapping expects ${t.type}`);
        }
        // Values are checked against the field the mapping describes; the modules were checked to have it just above.
        const field: DestinationField = { name: t.name, label: t.label, type: t.type, required: false, custom: true, choices: (t.choices ?? []).map((v) => ({ id: v, value: v })) };
        const ctx = { column: f.column, profile: p.profiles[f.column], valueMap: rc.mapping.valueMaps.find((v) => v.row === object.row && v.column === f.column), destination, amountLocales, problem: (m: string) => problem(f.column, t.name, m) };
        store(f.column, coercerFor(field, ctx), (s, v) => void (s.custom[t.name] = v));
      } else if (t.kind !== 'standard' || !MODULE_STANDARD.has(t.field)) {
        const what = t.kind === 'standard' ? `the standard field ${t.field}` : t.kind === 'list' ? 'lists' : `labelled lines in ${t.field}`;
        problem(f.column, t.kind === 'standard' ? t.field : null, `column ${f.column} goes to ${what}, which a custom module does not have; map it to a custom field of the module`);
      }
    }
    const provenance = [PROVENANCE.sourceId, ...(timestamps.created ? [PROVENANCE.createdAt] : []), ...(timestamps.updated ? [PROVENANCE.updatedAt] : [])];
    for (const [entityName, fields] of fieldsOf)
      for (const name of provenance)
        if (!fields.some((x) => x.name === name)) problem(null, name, `custom field ${name} (text) is missing in the custom module ${entityName}; Ferry records where each record came from in it`);

    const keyColumn = idColumn(rc.mapping, object);
    const transform = (row: Record<string, string | string[]>, position: { file: string; line: number }): TransformResult => {
      const s = { data: {} as Record<string, unknown>, custom: {} as Record<string, unknown>, owner: null as string | null, failures: [] as { column: string; reason: string }[] };
      for (const step of steps) step(row, s);
      const kind = typeColumn ? readCell(row[typeColumn]) : undefined;
      const module = typeof kind === 'string' ? moduleNamed(modules, kind) : undefined;
      const at = typeColumn ?? '';
      if (typeof kind !== 'string') s.failures.push({ column: at, reason: `column ${typeColumn ?? '(none)'}: empty, so nothing says which custom module the record belongs to` });
      else if (!module) s.failures.push({ column: at, reason: `column ${at}: Freshsales has no custom module named ${quote(kind)}; create it from the setup checklist, then load the row with a delta run` });
      const id = keyColumn ? readCell(row[keyColumn]) : undefined;
      if (keyColumn && typeof id !== 'string') s.failures.push({ column: keyColumn, reason: `column ${keyColumn}: empty, so nothing identifies the record; add its ${keyColumn} to the export` });
      const stamps = timestamps.read(row);
      s.failures.push(...stamps.failures);
      if (s.failures.length || !module) return { ok: false, reason: [...new Set(s.failures.map((f) => f.reason))].join('; '), column: s.failures[0]!.column };
      const sourceKey = typeof id === 'string' ? id : `${position.file}:${position.line}`;
      const sourceId = `${object.row}:${sourceKey}`;
      // A module record must have a name: without a column for it, its source id names it.
      const data = { name: s.data.name ?? sourceKey, custom_field: { ...s.custom, [PROVENANCE.sourceId]: sourceId, ...(stamps.createdAt ? { [PROVENANCE.createdAt]: stamps.createdAt } : {}), ...(stamps.updatedAt ? { [PROVENANCE.updatedAt]: stamps.updatedAt } : {}) } };
      const record: StagedRecord = {
        sourceKey,
        identifier: { [PROVENANCE.sourceId]: sourceId },
        data,
        owner: s.owner,
        refs: [],
        keys: {},
        module: module.entityName,
        ...(stamps.cursor !== undefined ? { cursor: stamps.cursor } : {}),
      };
      return { ok: true, record };
    };
    out.push({ p, t: { transform, problems } });
  }
  return out;
}
