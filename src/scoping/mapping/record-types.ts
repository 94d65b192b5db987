import { nameSimilarity, normaliseKey } from '../text.ts';
import type { MappingContext } from './context.ts';
import type { ObjectMapping } from './document.ts';

/** A type column holds a handful of kinds ('Contact', 'Deal', 'Company'), never a record's own values. */
const MAX_KINDS = 20;
/** Share of a column's rows whose value names one of the candidate objects for it to count as their type column. */
const NAMED_SHARE = 0.5;

const forms = (name: string) => {
  const key = normaliseKey(name);
  return key ? [key, `${key}s`, key.replace(/y$/, 'ies')] : [];
};
/** 'Deal / Opportunity' and 'Company (client)' are two names each. */
const labelParts = (label: string | undefined) => (label ?? '').split(/[/()]/).map((s) => s.trim()).filter(Boolean);

/**
 * The names an object of the mapping goes by, strongest first: its source object id and pair row id, then the source's
 * labels for it, then the Freshsales object it becomes (a ticket written as a deal is still named 'Ticket' first).
 */
function namesOf(o: ObjectMapping, ctx: MappingContext): Set<string>[] {
  const row = ctx.pair.rows.find((r) => r.id === o.row);
  const destination = ctx.destination.objects.find((d) => d.id === o.destinationObject);
  const levels = [
    [o.sourceObject, o.row],
    [...labelParts(ctx.source.objects.find((s) => s.id === o.sourceObject)?.label), ...labelParts(row?.source.label)],
    [o.destinationObject, ...labelParts(destination?.label)],
  ];
  return levels.map((names) => new Set(names.flatMap(forms)));
}

/** The one candidate a type value names, at the strongest level that names any; undefined when none or several do. */
export function objectNamed(value: string, candidates: ObjectMapping[], ctx: MappingContext): ObjectMapping | undefined {
  const key = normaliseKey(value);
  const names = candidates.map((c) => ({ c, levels: namesOf(c, ctx) }));
  for (let level = 0; level < 3; level++) {
    const hits = names.filter((n) => n.levels[level]!.has(key));
    if (hits.length) return hits.length === 1 ? hits[0]!.c : undefined;
  }
  return undefined;
}

export interface TypeColumn {
  column: string;
  /** The column's values that name each candidate, by row. */
  values: Map<string, string[]>;
}

/**
 * The column that says which kind of record a polymorphic link names ("Related to (type)" beside "Related to (record)",
 * Soffront's RelatedTo beside Regarding): a column of a few values, most of which name one of the candidate objects.
 * When several qualify, the one whose header is closest to the link's wins.
 */
export function typeColumnFor(
  child: ObjectMapping,
  link: string,
  candidates: ObjectMapping[],
  choicesOf: (column: string) => { value: string; count: number }[] | undefined,
  ctx: MappingContext,
): TypeColumn | undefined {
  const found: (TypeColumn & { score: number })[] = [];
  for (const f of child.fields) {
    const choices = choicesOf(f.column);
    if (f.column === link || !choices?.length || choices.length > MAX_KINDS) continue;
    const values = new Map<string, string[]>();
    let named = 0;
    for (const c of choices) {
      const o = objectNamed(c.value, candidates, ctx);
      if (!o) continue;
      named += c.count;
      values.set(o.row, [...(values.get(o.row) ?? []), c.value]);
    }
    const total = choices.reduce((n, c) => n + c.count, 0);
    if (values.size && named >= total * NAMED_SHARE) found.push({ column: f.column, values, score: nameSimilarity(f.column, link) });
  }
  return found.sort((a, b) => b.score - a.score)[0];
}
