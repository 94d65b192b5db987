import { issueList, type Issue } from '../../../rules/validate.ts';
import type { InventoryObject } from '../discovery/inventory.ts';
import { followsFallback, planAllows, takesCustomFields, writableFields, type MappingContext } from './context.ts';
import { Mapping } from './document.ts';
import { lineItemRowOf } from './line-items.ts';
import { listTargetProblem } from './list-target.ts';
import { compatible } from './score-field.ts';

/** A mapping an engineer sent that Freshsales or the uploaded data could not honour; each issue names the path at fault. */
export class InvalidMapping extends Error {
  readonly code = 'BAD_REQUEST' as const;
  readonly details: Issue[];
  constructor(details: Issue[]) {
    super(`the mapping is invalid: ${details.slice(0, 3).map((d) => `${d.path}: ${d.message}`).join('; ')}${details.length > 3 ? ` (and ${details.length - 3} more)` : ''}`);
    this.details = details;
  }
}

/** Checks an edited mapping against the schema, the pair card, Freshsales' fields and types, and the discovered columns. */
export function validateMapping(raw: unknown, ctx: MappingContext, inventory: InventoryObject[]): Mapping {
  const parsed = Mapping.safeParse(raw);
  if (!parsed.success) throw new InvalidMapping(issueList(parsed.error.issues));
  const mapping = parsed.data;
  const issues: Issue[] = [];
  const bad = (path: string, message: string) => issues.push({ path, message });
  const multi = ctx.rules.fieldTypes.multiValueFields;
  const customs = new Map<string, { label: string; type: string; path: string }>();

  const rowsSeen = new Set<string>();
  mapping.objects.forEach((o, i) => {
    const at = `objects.${i}`;
    // Line items split from their row's files are an object of their own, named after the line-item object (line-items.ts).
    const row = ctx.pair.rows.find((r) => r.id === o.row) ?? lineItemRowOf(ctx, o);
    if (!row) return bad(`${at}.row`, `"${o.row}" is not a row of the ${ctx.source.name} → ${ctx.destination.name} pair card, nor the line items of one`);
    if (rowsSeen.has(o.row)) bad(`${at}.row`, `row "${o.row}" appears twice`);
    rowsSeen.add(o.row);
    if (row.source.object !== o.sourceObject) bad(`${at}.sourceObject`, `row "${o.row}" maps ${row.source.object}, not ${o.sourceObject}`);
    const allowedObjects = [...row.destination.objects, row.writesTo, row.fallbackWritesTo].filter(Boolean);
    const object = ctx.destination.objects.find((d) => d.id === o.destinationObject);
    if (!object || !allowedObjects.includes(o.destinationObject))
      return bad(`${at}.destinationObject`, `row "${o.row}" can load into ${allowedObjects.join(' or ')}, not "${o.destinationObject}"`);
    if (!planAllows(ctx.plan, object.minPlan) && !followsFallback(row)) bad(`${at}.destinationObject`, `Freshsales ${object.label} needs the ${object.minPlan} plan; this scope is on ${ctx.plan}`);
    const inv = inventory.find((x) => x.object === o.sourceObject);
    const standards = new Map<string, string>();
    o.fields.forEach((f, j) => {
      const fat = `${at}.fields.${j}`;
      const column = inv?.columns.find((c) => c.header === f.column);
      if (!column) bad(`${fat}.column`, `no column "${f.column}" was discovered for ${o.sourceObject}`);
      else if (column.profile.type !== f.sourceType && f.target.kind !== 'ignore' && column.profile.total > 0 && column.profile.confidence >= 0.95)
        bad(`${fat}.sourceType`, `"${f.column}" holds ${column.profile.type} values (${column.profile.evidence}), not ${f.sourceType}`);
      const t = f.target;
      if (t.kind === 'standard') {
        const field = writableFields(object, ctx).find((x) => x.id === t.field);
        if (!field)
          return bad(`${fat}.target.field`, `Freshsales ${object.label} has no writable standard field "${t.field}"; valid: ${writableFields(object, ctx).map((x) => x.id).join(', ')}`);
        if (!compatible(ctx, f.sourceType, field.type))
          bad(`${fat}.target.field`, `"${f.column}" holds ${f.sourceType} values, which ${object.label} ${field.label} (${field.type}) cannot hold`);
        if (!multi.includes(t.field) && standards.has(t.field))
          bad(`${fat}.target.field`, `${object.label} ${field.label} already takes "${standards.get(t.field)}"; a single-valued field takes one column`);
        standards.set(t.field, f.column);
      } else if (t.kind === 'custom') {
        if (!takesCustomFields(object)) return bad(`${fat}.target`, `Freshsales ${object.label} records take no custom fields; use "append" or "ignore"`);
        if (!compatible(ctx, f.sourceType, t.type)) bad(`${fat}.target.type`, `a ${t.type} field cannot hold "${f.column}", whose values are ${f.sourceType}`);
        const needsChoices = ['dropdown', 'multi_select_dropdown', 'radio'].includes(t.type);
        if (needsChoices && !t.choices?.length) bad(`${fat}.target.choices`, `a ${t.type} field needs its choices`);
        if (t.choices && t.choices.length > ctx.rules.fieldTypes.maxChoices) bad(`${fat}.target.choices`, `Freshsales allows at most ${ctx.rules.fieldTypes.maxChoices} choices; this has ${t.choices.length}`);
        const key = `${object.id}.${t.name}`;
        const other = customs.get(key);
        if (other && (other.label !== t.label || other.type !== t.type)) bad(`${fat}.target.name`, `${t.name} is already defined at ${other.path} as a ${other.type} field "${other.label}"`);
        customs.set(key, { label: t.label, type: t.type, path: `${fat}.target` });
        if (writableFields(object, ctx).some((x) => x.id === t.name)) bad(`${fat}.target.name`, `${t.name} is a standard field name`);
      } else if (t.kind === 'append') {
        if (!writableFields(object, ctx).some((x) => x.id === t.field && x.type === 'textarea'))
          bad(`${fat}.target.field`, `${object.label} has no text area "${t.field}" to append to`);
      } else if (t.kind === 'list') {
        const problem = listTargetProblem(object, ctx);
        if (problem) bad(`${fat}.target`, `"${f.column}" cannot go to lists: ${problem}`);
      }
    });
    o.fixed?.forEach((v, j) => {
      const vat = `${at}.fixed.${j}.field`;
      if (!writableFields(object, ctx).some((x) => x.id === v.field)) bad(vat, `Freshsales ${object.label} has no writable standard field "${v.field}"`);
      else if (standards.has(v.field)) bad(vat, `column "${standards.get(v.field)}" already fills ${v.field}; drop the column's line or this fixed value`);
    });
    if (o.catchAllAccount !== undefined && o.destinationObject !== 'contact') bad(`${at}.catchAllAccount`, `only contacts go under a catch-all account, and ${o.row} becomes Freshsales ${o.destinationObject} records`);
  });

  // Nothing is dropped by omission: a column leaves the migration only by an explicit "ignore".
  for (const inv of inventory) {
    const rows = mapping.objects.filter((o) => o.sourceObject === inv.object);
    if (!rows.length) continue;
    for (const c of inv.columns)
      if (!rows.some((o) => o.fields.some((f) => f.column === c.header)))
        bad(`objects.${mapping.objects.indexOf(rows[0]!)}.fields`, `column "${c.header}" of ${inv.object} (${inv.files.join(', ')}) is missing; map it or set its target to ignore`);
  }

  const mapIds = new Set<string>();
  mapping.valueMaps.forEach((m, i) => {
    if (mapIds.has(m.id)) bad(`valueMaps.${i}.id`, `value map "${m.id}" appears twice`);
    mapIds.add(m.id);
    const o = mapping.objects.find((x) => x.row === m.row);
    if (!o?.fields.some((f) => f.column === m.column)) bad(`valueMaps.${i}.column`, `row "${m.row}" has no mapped column "${m.column}"`);
    m.entries.forEach((e, j) => {
      if (e.target !== null && m.choices.length && !m.choices.includes(e.target))
        bad(`valueMaps.${i}.entries.${j}.target`, `"${e.target}" is not a value of ${m.target}; choices: ${m.choices.join(', ')}`);
    });
  });

  mapping.owners.owners.forEach((o, i) => {
    if ((o.resolution === 'existing' || o.resolution === 'invite') && !o.email) bad(`owners.owners.${i}.email`, `"${o.source}" is marked ${o.resolution} but has no email`);
    if (o.resolution === 'fallback' && !mapping.owners.fallbackOwnerEmail) bad(`owners.owners.${i}.resolution`, `"${o.source}" goes to the fallback owner, but none is set`);
  });

  mapping.relationships.forEach((r, i) => {
    for (const end of ['from', 'to'] as const) {
      const o = mapping.objects.find((x) => x.row === r[end].row);
      if (!o) bad(`relationships.${i}.${end}.row`, `row "${r[end].row}" is not in the mapping`);
      else if (r[end].column !== null && !o.fields.some((f) => f.column === r[end].column))
        bad(`relationships.${i}.${end}.column`, `row "${r[end].row}" has no column "${r[end].column}"`);
    }
    const from = mapping.objects.find((x) => x.row === r.from.row);
    if (r.when && from && !from.fields.some((f) => f.column === r.when!.column))
      bad(`relationships.${i}.when.column`, `row "${r.from.row}" has no column "${r.when.column}" to read the kind of record from`);
  });
  if (issues.length) throw new InvalidMapping(issues);
  return mapping;
}
