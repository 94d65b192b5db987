import { nameSimilarity, words } from '../text.ts';
import type { MappingContext } from './context.ts';
import type { FieldMapping, ObjectMapping, Relationship } from './document.ts';

/**
 * How a child's column names its parent. The profile's type decides, unless the platform file declares the field a
 * reference or a list of ids: a cell of several ids ("CL-1003, CL-1007") profiles as text but still names records by id.
 */
function keyKind(f: FieldMapping, child: ObjectMapping, ctx: MappingContext): Relationship['via'] {
  const declared = ctx.source.objects.find((o) => o.id === child.sourceObject)?.fields.find((x) => x.id === f.sourceField)?.type;
  if (f.sourceType === 'email' || declared === 'email') return 'email';
  if (['id', 'reference', 'number'].includes(f.sourceType) || declared === 'id' || declared === 'reference') return 'id';
  if (declared === 'multi_value' && /_ids$/.test(f.sourceField ?? '')) return 'id';
  return 'name';
}

/**
 * The column of the parent row that a child's key points at: its id column, its name, or its email. For an id, the
 * parent's own key fields come first, so a deal's ContactID (an id, but another object's) is never taken for the deal's.
 */
function parentColumn(parent: ObjectMapping, via: Relationship['via'], child: FieldMapping, ctx: MappingContext): string | null {
  const childColumn = child.column;
  const fields = parent.fields;
  if (via === 'name') return fields.find((f) => f.target.kind === 'standard' && f.target.field === 'name')?.column ?? null;
  if (via === 'email') return fields.find((f) => f.target.kind === 'standard' && f.target.field === 'emails')?.column ?? null;
  const keys = ctx.source.objects.find((o) => o.id === parent.sourceObject)?.keyFields ?? [];
  const own = fields.filter((f) => f.sourceField && keys.includes(f.sourceField) && f.sourceType !== 'email');
  // A parent keyed by id and by name: a child column of ids ("C-81;C-90") names the id, whatever its header says; only
  // a free-text column may hold the names.
  const typed = own.filter((f) => f.sourceType === 'id');
  const ids = child.sourceType !== 'text' && typed.length ? typed : own.length ? own : fields.filter((f) => f.sourceType === 'id');
  return ids.map((f) => ({ f, s: nameSimilarity(f.column, childColumn) })).sort((a, b) => b.s - a.s)[0]?.f.column ?? null;
}

/**
 * A column of the child that looks like a link to the parent even if it maps elsewhere: a foreign id named after the
 * parent (AccountID on contacts, Lead ID on Kartra subscriptions), or an email when the parent is a person.
 */
function linkColumn(child: ObjectMapping, parent: ObjectMapping, ctx: MappingContext): FieldMapping | undefined {
  const label = ctx.source.objects.find((o) => o.id === parent.sourceObject)?.label ?? '';
  const parentWords = new Set([...words(parent.sourceObject), ...words(parent.destinationObject), ...words(label)]);
  const ownKeys = ctx.source.objects.find((o) => o.id === child.sourceObject)?.keyFields ?? [];
  const candidates = child.fields.filter((f) => !(f.sourceField && ownKeys.includes(f.sourceField)));
  return (
    candidates.find((f) => ['reference', 'id'].includes(f.sourceType) && words(f.column).some((w) => parentWords.has(w))) ??
    (['contact', 'lead'].includes(parent.destinationObject) ? candidates.find((f) => f.sourceType === 'email') : undefined)
  );
}

/**
 * How each row's records find the rows they depend on, per the pair card's `dependsOn` and the fields Freshsales links by.
 * A dependency with no usable column stays with a null column: an open question, never a guess.
 */
export function proposeRelationships(objects: ObjectMapping[], ctx: MappingContext, previous: Relationship[]): Relationship[] {
  const links = ctx.rules.fieldTypes.relationshipFields;
  const out: Relationship[] = [];
  const push = (r: Relationship) => {
    const before = previous.find((p) => p.id === r.id);
    const stillThere = (row: string, column: string | null) => column === null || objects.some((o) => o.row === row && o.fields.some((f) => f.column === column));
    out.push(before && stillThere(before.from.row, before.from.column) && stillThere(before.to.row, before.to.column) ? before : r);
  };
  for (const child of objects) {
    const row = ctx.pair.rows.find((r) => r.id === child.row)!;
    const parents = objects.filter((p) => p.row !== child.row && row.dependsOn.includes(p.row));
    for (const parent of parents) {
      const fields = links.filter((l) => l.object === child.destinationObject && (l.to === parent.destinationObject || l.to === '*')).map((l) => l.field);
      if (!fields.length) continue;
      const id = `${child.row}->${parent.row}`;
      if (child.sourceObject === parent.sourceObject) {
        push({ id, from: { row: child.row, column: null }, to: { row: parent.row, column: null }, via: 'id', description: `each ${ctx.source.name} ${child.sourceObject} row becomes both records, so they link through the same row` });
        continue;
      }
      const linking = child.fields.filter((f) => f.target.kind === 'standard' && fields.includes(f.target.field));
      const fallback = linking.length ? undefined : linkColumn(child, parent, ctx);
      // Each column that names the parent links by itself (a FastTrack contact's primary and other companies); the
      // first keeps the plain id, so ids proposed before stay the same.
      for (const [i, mapped] of (linking.length ? linking : [fallback]).entries()) {
        const via = mapped ? keyKind(mapped, child, ctx) : null;
        const to = mapped ? parentColumn(parent, via, mapped, ctx) : null;
        push({
          id: i === 0 ? id : `${id}.${mapped!.column}`,
          from: { row: child.row, column: mapped?.column ?? null },
          to: { row: parent.row, column: to },
          via: to ? via : null,
          description: mapped && to
            ? `${child.sourceObject} "${mapped.column}" matches ${parent.sourceObject} "${to}" by ${via}`
            : mapped
              ? `${child.sourceObject} "${mapped.column}" names a ${parent.sourceObject}, but no ${parent.sourceObject} column holds the matching ${via}`
              : `no ${child.sourceObject} column refers to a ${parent.sourceObject}`,
        });
      }
    }
    // Hierarchies within one object, e.g. parent accounts.
    for (const f of child.fields) {
      const target = f.target;
      if (target.kind !== 'standard' || !links.some((l) => l.object === child.destinationObject && l.field === target.field && l.to === child.destinationObject)) continue;
      const via = keyKind(f, child, ctx);
      const to = parentColumn(child, via, f, ctx);
      push({
        id: `${child.row}->${child.row}`,
        from: { row: child.row, column: f.column },
        to: { row: child.row, column: to },
        via: to ? via : null,
        description: to ? `"${f.column}" points at another ${child.sourceObject}'s "${to}"` : `"${f.column}" names a parent ${child.sourceObject}, but no column holds the matching ${via}`,
      });
    }
  }
  return out;
}
