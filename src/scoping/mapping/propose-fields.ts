import type { MappingRow } from '../../../rules/schema/pair.ts';
import type { InventoryColumn, InventoryObject } from '../discovery/inventory.ts';
import { customFieldName, normaliseKey, words } from '../text.ts';
import { carriedRow, type DestinationObject, type MappingContext, takesCustomFields, writableFields } from './context.ts';
import type { FieldMapping, FieldTarget, ObjectMapping, Relationship } from './document.ts';
import { listMembership, listTargetProblem } from './list-target.ts';
import { compatible, rankStandardFields, withDeclaredType, type Candidate } from './score-field.ts';

const ACCEPT = 0.6;
const round = (n: number) => Math.round(n * 100) / 100;

export interface RowTarget {
  row: MappingRow;
  object: DestinationObject;
}

/** A readable label for a custom field: the platform's label for a known field, else the header itself. */
function labelFor(column: InventoryColumn, sourceObject: string, ctx: MappingContext) {
  const known = column.field && ctx.source.objects.find((o) => o.id === sourceObject)?.fields.find((f) => f.id === column.field);
  return (known ? known.label : column.header).trim().slice(0, 100);
}

/**
 * A carried row's field sits on a record among that record's own fields, so its label says what it is of: after the
 * source object, unless the column's label names it already ("Package name"; "Reputation Rating").
 */
function carriedLabel(row: MappingRow, label: string): string {
  // "Package / Membership Plan" is a Package.
  const object = row.source.label.split(/[/(]/)[0]!.trim();
  return (words(object).every((w) => words(label).includes(w)) ? label : `${object} ${label}`).slice(0, 100);
}

/** Where a column goes when no standard field fits: a custom field, a labelled line in a text area, or nowhere (with the reason). */
function fallbackTarget(column: InventoryColumn, inv: InventoryObject, target: RowTarget, ctx: MappingContext, usedNames: Set<string>): Omit<FieldMapping, 'column' | 'sourceField' | 'sourceType' | 'confirmed'> {
  const p = column.profile;
  if (p.total > 0 && p.filled === 0) return { target: { kind: 'ignore' }, confidence: 0.9, reasons: [`empty in all ${p.total} rows`] };
  const object = target.object;
  if (takesCustomFields(object)) {
    const isKey = p.type === 'id' || (column.field && ctx.source.objects.find((o) => o.id === inv.object)?.keyFields.includes(column.field));
    let label = carriedRow(target.row, ctx) ? carriedLabel(target.row, labelFor(column, inv.object, ctx)) : labelFor(column, inv.object, ctx);
    if (isKey) label = `${ctx.source.name} ${label}`.slice(0, 100);
    let type = ctx.rules.fieldTypes.customField[p.type];
    const choices = p.choices?.map((c) => c.value);
    const reasons: string[] = [];
    if ((type === 'dropdown' || type === 'multi_select_dropdown') && (!choices?.length || choices.length > ctx.rules.fieldTypes.maxChoices || p.distinctCapped)) {
      reasons.push(`too many distinct values for a dropdown (${p.distinct}${p.distinctCapped ? '+' : ''}), so a text field`);
      type = type === 'dropdown' ? 'text' : 'textarea';
    }
    if (type === 'text' && p.maxLength > ctx.rules.fieldTypes.textMaxChars) {
      reasons.push(`values up to ${p.maxLength} characters exceed a text field, so a text area`);
      type = 'textarea';
    }
    // Freshsales derives the API name from the label, so two fields with one name need two labels.
    const base = label;
    const prefix = ctx.rules.fieldTypes.customFieldPrefix;
    let name = customFieldName(prefix, label);
    for (let n = 2; usedNames.has(`${object.id}.${name}`) || name === prefix; n++) name = customFieldName(prefix, (label = `${base} ${n}`));
    usedNames.add(`${object.id}.${name}`);
    const custom: FieldTarget = { kind: 'custom', label, name, type, ...(type === 'dropdown' || type === 'multi_select_dropdown' ? { choices } : {}) };
    reasons.unshift(
      isKey
        ? `the ${ctx.source.name} record id, kept so re-runs and deltas update records instead of duplicating them`
        : `no standard ${object.label} field matches, so a custom ${type} field keeps it`,
    );
    if (p.type === 'datetime' && type === 'text')
      reasons.push('Freshsales offers no custom date-and-time field and a date field would drop the time of day, so the moment is kept as ISO 8601 text with its UTC offset');
    // Memberships that cannot become lists here are kept as values of the field, saying why.
    const membership = listMembership(column, inv.object, object, ctx);
    if (membership && !membership.ok) reasons.push(membership.reason);
    return { target: custom, confidence: round(isKey ? 0.9 : 0.5 + 0.4 * (p.total ? p.confidence : 1)), reasons };
  }
  const textArea = writableFields(object, ctx).find((f) => f.type === 'textarea');
  if (textArea)
    return {
      target: { kind: 'append', field: textArea.id },
      confidence: 0.6,
      reasons: [`Freshsales ${object.label} records take no custom fields, so the value is kept as a labelled line in ${textArea.label}`],
    };
  return { target: { kind: 'ignore' }, confidence: 0.3, reasons: [`Freshsales ${object.label} records have neither custom fields nor a text area to keep it`] };
}

/** Whether a remembered or previous target still makes sense for this column on this object. */
function stillValid(t: FieldTarget, column: InventoryColumn, object: DestinationObject, ctx: MappingContext) {
  if (t.kind === 'standard') {
    const f = writableFields(object, ctx).find((x) => x.id === t.field);
    return !!f && compatible(ctx, column.profile.type, f.type);
  }
  if (t.kind === 'custom') return takesCustomFields(object);
  if (t.kind === 'append') return writableFields(object, ctx).some((f) => f.id === t.field && f.type === 'textarea');
  if (t.kind === 'list') return listTargetProblem(object, ctx) === null;
  return true;
}

/**
 * Proposes every column of one source object onto the rows it feeds (usually one; Promio customers feed a contact and an
 * account). Each column lands on exactly one row: where its best standard field scores highest, else on the first row as a
 * custom field. Confirmed lines of the previous version and remembered confirmations win over fresh guesses.
 */
export function proposeFields(inv: InventoryObject, targets: RowTarget[], ctx: MappingContext, previous: ObjectMapping[], usedNames: Set<string>): ObjectMapping[] {
  const fields = new Map<string, FieldMapping[]>(targets.map((t) => [t.row.id, []]));
  const taken = new Map<string, { column: string; score: number }>();
  const multi = ctx.rules.fieldTypes.multiValueFields;
  const pending: { column: InventoryColumn; ranked: { t: RowTarget; c: Candidate }[] }[] = [];
  const base = (column: InventoryColumn) => ({ column: column.header, sourceField: column.field, sourceType: column.profile.type });

  for (const column of inv.columns.map((c) => withDeclaredType(c, inv.object, ctx))) {
    const kept = previous.flatMap((o) => o.fields.filter((f) => f.column === column.header && f.confirmed).map((f) => ({ o, f })))[0];
    const keptTarget = kept && targets.find((t) => t.row.id === kept.o.row && stillValid(kept.f.target, column, t.object, ctx));
    if (kept && keptTarget) {
      fields.get(keptTarget.row.id)!.push({ ...kept.f, sourceType: column.profile.type, sourceField: column.field });
      if (kept.f.target.kind === 'standard') taken.set(`${keptTarget.row.id}.${kept.f.target.field}`, { column: column.header, score: 1 });
      if (kept.f.target.kind === 'custom') usedNames.add(`${keptTarget.object.id}.${kept.f.target.name}`);
      continue;
    }
    const remembered = ctx.memory.find((m) => m.sourceObject === inv.object && m.columnKey === normaliseKey(column.header));
    const memoryTarget = remembered && targets.find((t) => stillValid(remembered.target, column, t.object, ctx));
    if (remembered && memoryTarget) {
      const n = remembered.confirmations;
      fields.get(memoryTarget.row.id)!.push({
        ...base(column),
        target: remembered.target,
        confidence: round(Math.min(0.98, 0.9 + 0.03 * Math.min(n, 3))),
        reasons: [`an engineer confirmed this mapping in ${n} earlier ${ctx.source.name} → ${ctx.destination.name} scope${n === 1 ? '' : 's'}`],
        confirmed: false,
      });
      if (remembered.target.kind === 'standard') taken.set(`${memoryTarget.row.id}.${remembered.target.field}`, { column: column.header, score: 1 });
      if (remembered.target.kind === 'custom') usedNames.add(`${memoryTarget.object.id}.${remembered.target.name}`);
      continue;
    }
    // A column the platform declares as memberships (a contact's lists) goes to lists where the plan has them.
    const member = targets.map((t) => ({ t, m: listMembership(column, inv.object, t.object, ctx) })).find((x) => x.m?.ok);
    if (member) {
      fields.get(member.t.row.id)!.push({ ...base(column), target: { kind: 'list' }, confidence: 0.9, reasons: [member.m!.reason], confirmed: false });
      continue;
    }
    const ranked = targets
      .flatMap((t) => rankStandardFields(column, inv.object, t.object, ctx).map((c) => ({ t, c })))
      .filter((x) => x.c.score >= ACCEPT)
      .sort((a, b) => b.c.rank - a.c.rank);
    pending.push({ column, ranked });
  }

  // Strongest claims first, so a weaker column never takes a single-valued field from a stronger one.
  pending.sort((a, b) => (b.ranked[0]?.c.rank ?? 0) - (a.ranked[0]?.c.rank ?? 0));
  for (const { column, ranked } of pending) {
    const pick = ranked.find(({ t, c }) => multi.includes(c.field) || !taken.has(`${t.row.id}.${c.field}`));
    if (pick) {
      if (!multi.includes(pick.c.field)) taken.set(`${pick.t.row.id}.${pick.c.field}`, { column: column.header, score: pick.c.score });
      const lost = ranked[0] !== pick ? [`${ranked[0]!.t.object.label} ${ranked[0]!.c.field} is taken by "${taken.get(`${ranked[0]!.t.row.id}.${ranked[0]!.c.field}`)?.column}"`] : [];
      fields.get(pick.t.row.id)!.push({
        column: column.header,
        sourceField: column.field,
        sourceType: column.profile.type,
        target: { kind: 'standard', field: pick.c.field },
        confidence: pick.c.score,
        reasons: [...pick.c.reasons, ...lost],
        confirmed: false,
      });
      continue;
    }
    const primary = targets[0]!;
    fields.get(primary.row.id)!.push({ ...base(column), ...fallbackTarget(column, inv, primary, ctx, usedNames), confirmed: false });
  }

  // A source row feeding several records (a Promio customer → contact and account) gives each of them its source id,
  // so every record can be found again by it, and other rows (campaigns naming a customer) can link to either.
  const keys = ctx.source.objects.find((o) => o.id === inv.object)?.keyFields ?? [];
  for (const t of targets.slice(1)) {
    const own = fields.get(t.row.id)!;
    for (const column of inv.columns.filter((c) => c.field && keys.includes(c.field) && c.profile.type === 'id' && !own.some((f) => f.column === c.header))) {
      own.push({ ...base(column), ...fallbackTarget(column, inv, t, ctx, usedNames), confirmed: false });
    }
  }

  const order = new Map(inv.columns.map((c, i) => [c.header, i]));
  return targets.map((t) => ({
    row: t.row.id,
    sourceObject: inv.object,
    destinationObject: t.object.id,
    files: inv.files,
    rows: inv.rows,
    fields: fields.get(t.row.id)!.sort((a, b) => order.get(a.column)! - order.get(b.column)!),
  }));
}

/**
 * A row carried onto records other rows write (an enrichment, a lookup, custom objects below Enterprise) only fills
 * what those records leave empty, so a standard field they fill themselves would keep theirs and silently drop the
 * carried value (a session's own title over its package's name). Such a column gets a custom field of its own,
 * labelled after the source object and the column (cf_package_name), so both are kept. The records it is carried
 * onto are those its relationships name, or that name it; without any, every record of its kind.
 */
export function keepCarriedApart(objects: ObjectMapping[], relationships: Relationship[], inventory: InventoryObject[], ctx: MappingContext, usedNames: Set<string>): ObjectMapping[] {
  const rowOf = (o: ObjectMapping) => ctx.pair.rows.find((r) => r.id === o.row);
  const writer = (o: ObjectMapping) => {
    const row = rowOf(o);
    return !!row && !carriedRow(row, ctx);
  };
  return objects.map((o) => {
    const row = rowOf(o);
    const inv = inventory.find((i) => i.object === o.sourceObject);
    const object = ctx.destination.objects.find((d) => d.id === o.destinationObject);
    if (!row || !inv || !object || !carriedRow(row, ctx)) return o;
    const kin = objects.filter((x) => x.row !== o.row && x.destinationObject === o.destinationObject && writer(x));
    const linked = new Set(relationships.flatMap((r) => (r.from.row === o.row ? [r.to.row] : r.to.row === o.row ? [r.from.row] : [])));
    const parents = kin.some((x) => linked.has(x.row)) ? kin.filter((x) => linked.has(x.row)) : kin;
    const filledBy = new Map<string, Set<string>>();
    for (const p of parents) for (const f of p.fields) if (f.target.kind === 'standard') filledBy.set(f.target.field, (filledBy.get(f.target.field) ?? new Set()).add(p.row));
    return {
      ...o,
      fields: o.fields.map((f) => {
        const t = f.target;
        const column = inv.columns.find((c) => c.header === f.column);
        if (f.confirmed || t.kind !== 'standard' || !filledBy.has(t.field) || !column) return f;
        const custom = fallbackTarget(column, inv, { row, object }, ctx, usedNames);
        const why = `the ${[...filledBy.get(t.field)!].join(' and ')} records its values go onto fill ${object.label} ${t.field} themselves and keep their own value there, so a field of its own keeps this one`;
        return { ...f, ...custom, reasons: [why, ...custom.reasons.slice(1)] };
      }),
    };
  });
}
