import type { FieldMapping, ObjectMapping, ValueMap } from '../../scoping/mapping/document.ts';
import type { ActivityEntity, DestinationDescription } from '../protocol.ts';
import { ACTIVITY_TEXT_FIELD, activityRouting } from './activity-routing.ts';
import { quote, readCell } from './cells.ts';
import { choiceList, findChoice, mapValue } from './choices.ts';
import { TEXT_LIMITS } from './coerce.ts';
import { compileTransform } from './compile.ts';
import { LINK_TARGETS } from './links.ts';
import type { CompiledTransform, CompileInput, SetupProblem, TransformResult } from './types.ts';

const SINGULAR: Record<ActivityEntity, string> = { tasks: 'task', appointments: 'appointment', sales_activities: 'sales_activity', notes: 'note' };
/** Where each kind keeps its start; a missing end is the start (a call or an email has no length). */
const START: Partial<Record<ActivityEntity, string>> = { appointments: 'from_date', sales_activities: 'start_date' };
/** Required fields the activity layer or the load fills: the targetable, the owner (fallback for tasks), the type, the end. */
const PROVIDED = new Set(['targetable_type', 'targetable_id', 'owner_id', 'sales_activity_type_id', 'end_date']);

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase();
const headerForm = (s: string) => fold(s).replace(/[\s_]+/g, ' ');
const listed = (words: string[]) => words.join(', ');

/** The route of a type value: the first whose words equal the value or one of its words ("Phone call" is a call). */
function routeOf(value: string) {
  const v = fold(value);
  const tokens = new Set(v.split(/[^\p{L}\p{N}-]+/u));
  return activityRouting.routes.find((r) => r.words.some((w) => w === v || tokens.has(w)));
}

/** A cell through its value map (an undecided or missing entry leaves the value as written). */
function mapped(map: ValueMap | undefined, cell: string): string {
  const m = mapValue(map, cell);
  return m.kind === 'mapped' ? m.target : cell;
}

const OUTCOME_FIELD = 'outcome_id';

/**
 * Whether every value a column's value map sends to outcome_id is an outcome the account offers. A booking status
 * (Confirmed, Requested, Cancelled) says where a meeting stands, not how it went: such a column is kept as a labelled
 * line in the record's text instead, so the booking loads and nothing of the status is lost.
 */
function allOutcomes(map: ValueMap | undefined, destination: DestinationDescription, to: ActivityEntity): boolean {
  const field = destination.fields[to].find((f) => f.name === OUTCOME_FIELD);
  const list = field ? choiceList(field, destination) : null;
  if (!map || !list) return true;
  return map.entries.every((e) => e.target === null || findChoice(list.choices, e.target) !== undefined);
}

/**
 * The object as the mapping would have written it for another kind: renamed fields (rules/runner/activity-routing.json),
 * fields the kind lacks kept as labelled lines in its text, and the end column (when the source has one) as its end.
 * The type column is the router's; a task's status is set from the status words.
 */
function translate(object: ObjectMapping, from: ActivityEntity, to: ActivityEntity, destination: DestinationDescription, consumed: { type?: string; status?: string }, valueMaps: ValueMap[]): ObjectMapping {
  const renames = from === to ? {} : (activityRouting.renames[`${from}>${to}`] ?? {});
  const has = (name: string) => destination.fields[to].some((f) => f.name === name) || LINK_TARGETS[to].has(name);
  const text = ACTIVITY_TEXT_FIELD[to];
  const fields = object.fields.map((f): FieldMapping => {
    const t = f.target;
    if (f.column === consumed.type) return { ...f, target: to === 'tasks' ? { kind: 'append', field: text } : { kind: 'ignore' } };
    if (f.column === consumed.status && to === 'tasks') return { ...f, target: { kind: 'ignore' } };
    if (t.kind === 'standard') {
      const name = renames[t.field] ?? t.field;
      if (name === OUTCOME_FIELD && !allOutcomes(valueMaps.find((v) => v.row === object.row && v.column === f.column), destination, to)) return { ...f, target: { kind: 'append', field: text } };
      return { ...f, target: has(name) ? { kind: 'standard', field: name } : { kind: 'append', field: text } };
    }
    if (t.kind === 'append') {
      const name = renames[t.field] ?? t.field;
      return { ...f, target: { kind: 'append', field: has(name) ? name : text } };
    }
    if (t.kind === 'custom' && to !== 'sales_activities') return { ...f, target: { kind: 'append', field: text } };
    return f;
  });
  if (has('end_date') && !fields.some((f) => f.target.kind === 'standard' && f.target.field === 'end_date')) {
    const end = object.fields.find((f) => activityRouting.endColumns.includes(headerForm(f.column)));
    if (end) fields.push({ ...end, target: { kind: 'standard', field: 'end_date' } });
  }
  return { ...object, destinationObject: SINGULAR[to], fields };
}

/**
 * Adds a labelled line to a text field, before Ferry's marker (which stays the last line); the reason when the text
 * would then exceed what the field takes.
 */
function keepLine(data: Record<string, unknown>, field: string, line: string, marker: string | undefined): string | undefined {
  const lines = typeof data[field] === 'string' ? (data[field] as string).split('\n') : [];
  const at = marker !== undefined && lines[lines.length - 1] === marker ? lines.length - 1 : lines.length;
  lines.splice(at, 0, line);
  const text = lines.join('\n');
  if (text.length > TEXT_LIMITS.textarea) return `field ${field}: with the line "${line}" it comes to ${text.length} characters; it takes at most ${TEXT_LIMITS.textarea}`;
  data[field] = text;
  return undefined;
}

/**
 * Compiles an activity object. The pair cards route activities by type — to-dos become tasks, meetings appointments,
 * done calls and emails sales activities — so a row's type column (after its value map) picks the kind through the
 * words in rules/runner/activity-routing.json rather than code, and the row is transformed as the mapping would have
 * written it for that kind. A task's status becomes Freshsales' open (0) or done (1) by the same file's status words; a
 * cancelled one is closed as done with its source status kept in its text.
 */
export function compileActivityTransform(input: CompileInput & { entity: ActivityEntity }): CompiledTransform {
  const { mapping, destination } = input;
  const base = input.entity;
  const object = mapping.objects.find((o) => o.row === input.object);
  if (!object) throw new Error(`the mapping has no object ${input.object}`);
  const standard = (names: string[]) => object.fields.find((f) => f.target.kind === 'standard' && names.includes(f.target.field))?.column;
  const typeColumn = standard(activityRouting.typeFields);
  const statusColumn = standard([activityRouting.statusField]);
  const valueMap = (column: string | undefined) => mapping.valueMaps.find((v) => v.row === object.row && v.column === column);
  const typeMap = valueMap(typeColumn);
  const statusMap = valueMap(statusColumn);

  const kinds = new Set<ActivityEntity>([base]);
  if (typeColumn) for (const r of activityRouting.routes) kinds.add(r.entity).add(r.whenNotDone ?? r.entity);
  const problems: SetupProblem[] = [];
  const compiled = new Map<ActivityEntity, CompiledTransform>();
  for (const kind of kinds) {
    const translated = translate(object, base, kind, destination, { type: typeColumn, status: statusColumn }, mapping.valueMaps);
    const t = compileTransform({ ...input, mapping: { ...mapping, objects: mapping.objects.map((o) => (o.row === object.row ? translated : o)) }, entity: kind, provided: PROVIDED });
    for (const p of t.problems) if (!problems.some((q) => q.message === p.message)) problems.push(p);
    compiled.set(kind, t);
  }

  // Sales activities need a type id; the routes name the Freshsales type, which the account must offer.
  const typeField = destination.fields.sales_activities.find((f) => f.name === 'sales_activity_type_id');
  const typeChoices = typeField ? choiceList(typeField, destination) : null;
  const salesType = new Map<string, string | number>();
  for (const r of activityRouting.routes.filter((x) => x.salesActivityType && kinds.has(x.entity))) {
    const choice = typeChoices && findChoice(typeChoices.choices, r.salesActivityType!);
    if (!choice) problems.push({ object: object.row, column: typeColumn ?? null, field: 'sales_activity_type_id', message: `Freshsales offers no sales activity type '${r.salesActivityType}' for ${r.kind} activities` });
    else salesType.set(r.kind, typeChoices!.send === 'id' ? choice.id : choice.value);
  }

  const transform = (row: Parameters<CompiledTransform['transform']>[0], position: Parameters<CompiledTransform['transform']>[1]): TransformResult => {
    const typeCell = typeColumn ? readCell(row[typeColumn]) : undefined;
    const route = typeof typeCell === 'string' ? routeOf(mapped(typeMap, typeCell)) : undefined;
    const statusCell = statusColumn ? readCell(row[statusColumn]) : undefined;
    const status = typeof statusCell === 'string' ? fold(mapped(statusMap, statusCell)) : undefined;
    const cancelled = status !== undefined && activityRouting.cancelledStatuses.includes(status);
    const done = status === undefined ? undefined : activityRouting.doneStatuses.includes(status) ? true : activityRouting.openStatuses.includes(status) || cancelled ? false : null;
    let kind = route?.entity ?? base;
    if (route?.whenNotDone && status !== undefined && done !== true) kind = route.whenNotDone;

    const result = compiled.get(kind)!.transform(row, position);
    if (!result.ok) return result;
    const { record } = result;
    const data = record.data;
    if (kind === 'tasks' && done !== undefined) {
      if (done === null) {
        return {
          ok: false,
          column: statusColumn!,
          reason: `column ${statusColumn}: value ${quote(String(statusCell))} is not done (${listed(activityRouting.doneStatuses)}), open (${listed(activityRouting.openStatuses)}) or cancelled (${listed(activityRouting.cancelledStatuses)}); a Freshsales task is open or done, so map it to one of these`,
        };
      }
      data.status = done || cancelled ? 1 : 0;
      if (cancelled) {
        // Closed as done, so no one works on it; the text says it was cancelled, not finished.
        const kept = keepLine(data, ACTIVITY_TEXT_FIELD.tasks, `${activityRouting.sourceStatusLabel}: ${String(statusCell)}`, record.marker);
        if (kept) return { ok: false, column: statusColumn!, reason: kept };
      }
    }
    if (kind === 'sales_activities' && data.sales_activity_type_id === undefined) {
      const type = route && salesType.get(route.kind);
      if (type === undefined) return { ok: false, ...(typeColumn ? { column: typeColumn } : {}), reason: `${typeColumn ? `column ${typeColumn}: value ${quote(String(typeCell ?? ''))}` : 'the row'} names no sales activity type Ferry can map` };
      data.sales_activity_type_id = type;
    }
    const start = START[kind];
    if (start && data.end_date === undefined && data[start] !== undefined) data.end_date = data[start];
    return { ok: true, record: { ...record, ...(kind !== base ? { entity: kind } : {}) } };
  };
  return { transform, problems };
}
