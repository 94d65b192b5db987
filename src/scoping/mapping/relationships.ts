import type { ColumnProfile } from '../discovery/profile/types.ts';
import { nameSimilarity, words } from '../text.ts';
import { carriedRow, type MappingContext } from './context.ts';
import type { FieldMapping, ObjectMapping, Relationship } from './document.ts';
import { holdsCodes, valueFit } from './link-evidence.ts';
import { typeColumnFor } from './record-types.ts';

/** The profile discovery made of a column of an object's export. */
export type ProfileOf = (o: ObjectMapping, column: string) => ColumnProfile | undefined;

type Via = NonNullable<Relationship['via']>;
type Link = { field: string; to: string };

/** A fit at least this good says a column names a parent the pair card does not list as a dependency. */
const NAMES = 0.8;
/** The least fit for a dependency the pair card does list. */
const PLAUSIBLE = 0.5;

/**
 * How a child's column names its parent when the profiles cannot tell (a declared field list): by its type, unless the
 * platform file declares the field a reference or a list of ids.
 */
function declaredKind(f: FieldMapping, child: ObjectMapping, ctx: MappingContext): Via {
  const declared = ctx.source.objects.find((o) => o.id === child.sourceObject)?.fields.find((x) => x.id === f.sourceField)?.type;
  if (f.sourceType === 'email' || declared === 'email') return 'email';
  if (['id', 'reference', 'number'].includes(f.sourceType) || declared === 'id' || declared === 'reference') return 'id';
  if (declared === 'multi_value' && /_ids$/.test(f.sourceField ?? '')) return 'id';
  return 'name';
}

interface KeyOption {
  column: string;
  via: Via;
  /** The parent's own key field (an id, not another object's id it carries). */
  own: boolean;
}

/** The parent columns a child may match on: its ids (its own keys first), its name and its email. */
function keyOptions(parent: ObjectMapping, ctx: MappingContext): KeyOption[] {
  const keys = ctx.source.objects.find((o) => o.id === parent.sourceObject)?.keyFields ?? [];
  const standard = (field: string) => parent.fields.find((f) => f.target.kind === 'standard' && f.target.field === field)?.column;
  const out: KeyOption[] = [];
  for (const f of parent.fields) {
    const own = !!f.sourceField && keys.includes(f.sourceField);
    if (f.sourceType === 'email' || (!own && f.sourceType !== 'id')) continue;
    if (f.column === standard('name')) continue;
    out.push({ column: f.column, via: 'id', own });
  }
  const name = standard('name');
  const email = standard('emails');
  if (name) out.push({ column: name, via: 'name', own: true });
  if (email) out.push({ column: email, via: 'email', own: true });
  return out;
}

interface Match {
  column: string;
  via: Via;
  /** How well the values fit, null when the profiles cannot tell. */
  fit: number | null;
}

/**
 * The parent column a child's link column matches, and by what. The values decide where discovery saw them: a column of
 * company names matches the account's name, not its id, whatever the platform calls the column; 'O-5006' matches the
 * deal's "Opportunity ID". Without values (a declared field list) the column's type and name decide, the parent's own
 * key fields first, so a deal's ContactID (an id, but another object's) is never taken for the deal's.
 */
function match(parent: ObjectMapping, link: FieldMapping, child: ObjectMapping, ctx: MappingContext, profileOf: ProfileOf): Match | null {
  const options = keyOptions(parent, ctx);
  const linkProfile = profileOf(child, link.column);
  const scored = options
    .map((o) => ({ ...o, fit: valueFit(linkProfile, profileOf(parent, o.column)), similarity: nameSimilarity(o.column, link.column) }))
    .filter((o) => o.fit !== null);
  if (scored.length) {
    // The parent's own keys first: a ticket's ContactID holds contact codes, but a ticket is found by its TicketID.
    const best = scored.filter((o) => o.fit! > 0).sort((a, b) => Number(b.own) - Number(a.own) || b.fit! - a.fit! || b.similarity - a.similarity)[0];
    return best ? { column: best.column, via: best.via, fit: best.fit } : null;
  }
  const via = declaredKind(link, child, ctx);
  const wanted = options.filter((o) => o.via === via);
  // A parent keyed by id and by name: a column of ids ("C-81;C-90") names the id, whatever its header says.
  const typed = wanted.filter((o) => o.own && parent.fields.find((f) => f.column === o.column)?.sourceType === 'id');
  const pool = via === 'id' && link.sourceType !== 'text' && typed.length ? typed : wanted.some((o) => o.own) ? wanted.filter((o) => o.own) : wanted;
  const best = pool.sort((a, b) => nameSimilarity(b.column, link.column) - nameSimilarity(a.column, link.column))[0];
  return best ? { column: best.column, via, fit: null } : null;
}

/** Whether a match is good enough: any fit for a dependency the pair card lists, a strong coded fit for any other. */
function accepted(m: Match | null, expected: boolean, link: ColumnProfile | undefined, polymorphic: boolean): m is Match {
  if (!m) return false;
  if (m.fit === null) return expected;
  if (expected) return polymorphic ? m.fit > 0 : m.fit >= PLAUSIBLE;
  // A polymorphic column names several objects, so each one's share of its values is partial.
  return holdsCodes(link) && (polymorphic ? m.fit > 0 : m.fit >= NAMES);
}

/** A name heuristic for columns no field target marks as links: a foreign id named after the parent, or an email for a person. */
function looksLikeLink(f: FieldMapping, parent: ObjectMapping, ctx: MappingContext): boolean {
  const label = ctx.source.objects.find((o) => o.id === parent.sourceObject)?.label ?? '';
  const parentWords = new Set([...words(parent.sourceObject), ...words(parent.destinationObject), ...words(label)]);
  if (['reference', 'id'].includes(f.sourceType) && words(f.column).some((w) => parentWords.has(w))) return true;
  return ['contact', 'lead'].includes(parent.destinationObject) && f.sourceType === 'email';
}

const describe = (child: ObjectMapping, parent: ObjectMapping, column: string, m: Match) =>
  `${child.sourceObject} "${column}" matches ${parent.sourceObject} "${m.column}" by ${m.via}${m.fit === null ? '' : ` (${Math.round(m.fit * 100)}% of its values have that form)`}`;

/**
 * How each row's records find the records they name: contacts their account, deals their contacts, activities and notes
 * the record they hang off. Columns mapped to a Freshsales link field come first; then the pair card's dependencies,
 * through any column whose values name them. The values decide which parent and which of its columns: discovery's
 * profiles show the forms of each column's codes. A record that cannot exist unhooked (a task, a note) and has no
 * column naming a parent keeps an open question; an optional dependency no column names is left out.
 */
export function proposeRelationships(objects: ObjectMapping[], ctx: MappingContext, previous: Relationship[], profileOf: ProfileOf): Relationship[] {
  const rules = ctx.rules.fieldTypes;
  const out: Relationship[] = [];
  const push = (r: Relationship) => {
    const before = previous.find((p) => p.id === r.id);
    const stillThere = (row: string, column: string | null) => column === null || objects.some((o) => o.row === row && o.fields.some((f) => f.column === column));
    const kept = before && stillThere(before.from.row, before.from.column) && stillThere(before.to.row, before.to.column) && (!before.when || stillThere(before.from.row, before.when.column));
    out.push(kept ? before : r);
  };
  const writesRecords = (o: ObjectMapping) => {
    const row = ctx.pair.rows.find((r) => r.id === o.row);
    return !!row && !carriedRow(row, ctx);
  };
  const reaches = (l: Link, o: ObjectMapping) => (l.to === '*' ? rules.targetableObjects.includes(o.destinationObject) : l.to === o.destinationObject);

  for (const child of objects) {
    const row = ctx.pair.rows.find((r) => r.id === child.row)!;
    const ownKeys = ctx.source.objects.find((o) => o.id === child.sourceObject)?.keyFields ?? [];
    const links: Link[] = rules.relationshipFields.filter((l) => l.object === child.destinationObject && l.to !== child.destinationObject);
    const expected = (p: ObjectMapping) => row.dependsOn.includes(p.row);
    const mine: Relationship[] = [];
    const used = new Set<string>();
    const add = (parent: ObjectMapping, column: string | null, m: Match | null, when?: Relationship['when']) => {
      const first = !mine.some((r) => r.to.row === parent.row);
      mine.push({
        id: first ? `${child.row}->${parent.row}` : `${child.row}->${parent.row}.${column}`,
        from: { row: child.row, column },
        to: { row: parent.row, column: m?.column ?? null },
        via: m?.via ?? null,
        ...(when ? { when } : {}),
        description: m && column
          ? `${describe(child, parent, column, m)}${when ? `, on rows whose "${when.column}" is ${when.values.map((v) => `"${v}"`).join(' or ')}` : ''}`
          : column
            ? `${child.sourceObject} "${column}" names a ${parent.sourceObject}, but no ${parent.sourceObject} column holds values of its form`
            : `no ${child.sourceObject} column names a ${parent.sourceObject}`,
      });
      if (column) used.add(column);
    };

    // 1. Columns mapped to a link field name records of the objects that field reaches.
    for (const f of child.fields) {
      const t = f.target;
      const link = t.kind === 'standard' ? links.find((l) => l.field === t.field) : undefined;
      if (!link) continue;
      const polymorphic = link.to === '*';
      const candidates = objects.filter((p) => p.row !== child.row && p.sourceObject !== child.sourceObject && writesRecords(p) && reaches(link, p));
      const profile = profileOf(child, f.column);
      const matches = candidates
        .map((p) => ({ p, m: match(p, f, child, ctx, profileOf) }))
        .filter((x) => accepted(x.m, expected(x.p), profile, polymorphic));
      if (!polymorphic) {
        // One record (or list of records) of one object: the best fit, a listed dependency breaking ties.
        const best = matches.sort((a, b) => (b.m!.fit ?? 0) - (a.m!.fit ?? 0) || Number(expected(b.p)) - Number(expected(a.p)))[0];
        const fallback = candidates.find(expected);
        if (best) add(best.p, f.column, best.m);
        else if (fallback) add(fallback, f.column, null);
        continue;
      }
      const types = typeColumnFor(child, f.column, candidates, (c) => profileOf(child, c)?.choices, ctx);
      for (const { p, m } of matches) {
        const values = types?.values.get(p.row);
        if (types && !values) continue;
        add(p, f.column, m, types && values ? { column: types.column, values } : undefined);
      }
      if (types) used.add(types.column);
    }

    // The best column of the child's not yet used ones naming `parent`: by values where discovery saw them (a weak fit
    // only with a name that says so), else by name. `any` also looks at columns mapped to standard fields and at the
    // child's own keys (a Promio review is keyed by the customer it rates). `listed`: the pair card ties the two rows.
    const columnFor = (parent: ObjectMapping, any: boolean, listed = expected(parent)) =>
      child.fields
        .filter((f) => !used.has(f.column) && (any || (!(f.sourceField && ownKeys.includes(f.sourceField)) && f.target.kind !== 'standard')))
        .map((f) => ({ f, m: match(parent, f, child, ctx, profileOf) }))
        .filter(({ f, m }) => accepted(m, listed, profileOf(child, f.column), false) && ((m!.fit ?? 0) >= NAMES || looksLikeLink(f, parent, ctx)))
        .sort((a, b) => (b.m!.fit ?? 0) - (a.m!.fit ?? 0))[0];

    // 2. Dependencies no mapped link column names yet, through a column whose values (or, without values, name) point at them.
    const linked = new Set(mine.map((r) => r.to.row));
    const parents = objects.filter((p) => p.row !== child.row && expected(p) && !linked.has(p.row));
    // A dependency that writes no records of its own (Profi's packages) leaves the export's other links to stand in for it.
    const unsatisfied = row.dependsOn.some((d) => objects.some((o) => o.row === d && !writesRecords(o)));
    const extra = unsatisfied ? objects.filter((p) => p.row !== child.row && !expected(p) && writesRecords(p)) : [];
    for (const parent of [...parents, ...extra]) {
      const link = links.find((l) => reaches(l, parent));
      if (!link || !writesRecords(parent)) continue;
      if (child.sourceObject === parent.sourceObject) {
        mine.push({ id: `${child.row}->${parent.row}`, from: { row: child.row, column: null }, to: { row: parent.row, column: null }, via: 'id', description: `each ${ctx.source.name} ${child.sourceObject} row becomes both records, so they link through the same row` });
        continue;
      }
      const hit = columnFor(parent, false);
      if (hit) add(parent, hit.f.column, hit.m);
    }

    // A row writing no record of its own (Promio's reviews, Profi's course enrolments, custom objects below Enterprise)
    // carries its values onto the record of its own kind that it names: a dependency first, else any object its codes
    // fit. A column beside the link that says which kind of record it names (ParentType: Deal) makes the link apply
    // only to rows naming that kind.
    if (carriedRow(row, ctx))
      for (const parent of objects
        .filter((p) => p.row !== child.row && p.sourceObject !== child.sourceObject && p.destinationObject === child.destinationObject && writesRecords(p))
        .sort((a, b) => Number(expected(b)) - Number(expected(a)))) {
        const hit = columnFor(parent, true);
        if (!hit) continue;
        const kinds = objects.filter((p) => p.row !== child.row && p.sourceObject !== child.sourceObject && writesRecords(p));
        const types = typeColumnFor(child, hit.f.column, kinds, (c) => profileOf(child, c)?.choices, ctx);
        const values = types?.values.get(parent.row);
        if (types && !values) continue;
        add(parent, hit.f.column, hit.m, types && values ? { column: types.column, values } : undefined);
        if (types) used.add(types.column);
      }

    // The other direction (Profi's sessions naming their package): a row of this kind writing no record of its own,
    // named by a column of this row, is a lookup: its values fill every record naming it, so the column is a link, not
    // data. The pair card listing this row among the lookup's dependencies lets a weaker fit count.
    if (!carriedRow(row, ctx))
      for (const lookup of objects.filter((p) => p.row !== child.row && p.sourceObject !== child.sourceObject && p.destinationObject === child.destinationObject && !writesRecords(p))) {
        const listed = ctx.pair.rows.find((r) => r.id === lookup.row)?.dependsOn.includes(child.row) ?? false;
        const hit = columnFor(lookup, false, listed);
        if (hit) add(lookup, hit.f.column, hit.m);
      }

    // 3. A record that must hang off another (tasks, notes, documents), has no link, yet has a column that looks like
    // one: ask, never guess. With no such column (knowledge-base articles) there is nothing to ask about.
    const linkish = child.fields.some((f) => !(f.sourceField && ownKeys.includes(f.sourceField)) && (['id', 'reference'].includes(f.sourceType) || holdsCodes(profileOf(child, f.column))));
    if (!mine.length && linkish && links.some((l) => l.to === '*'))
      for (const parent of objects.filter((p) => p.row !== child.row && expected(p) && writesRecords(p) && rules.targetableObjects.includes(p.destinationObject))) add(parent, null, null);

    // Hierarchies within one object, e.g. parent accounts.
    for (const f of child.fields) {
      const target = f.target;
      if (target.kind !== 'standard' || !rules.relationshipFields.some((l) => l.object === child.destinationObject && l.field === target.field && l.to === child.destinationObject)) continue;
      const m = match(child, f, child, ctx, profileOf);
      mine.push({
        id: `${child.row}->${child.row}`,
        from: { row: child.row, column: f.column },
        to: { row: child.row, column: m?.column ?? null },
        via: m?.via ?? null,
        description: m ? `"${f.column}" points at another ${child.sourceObject}'s "${m.column}"` : `"${f.column}" names a parent ${child.sourceObject}, but no column holds values of its form`,
      });
    }
    mine.forEach(push);
  }
  return out;
}
