import type { ColumnProfile } from '../discovery/profile/types.ts';

/** A column counts as coded (or as free text) when at least this share of its values are (are not) record codes. */
const CODED = 0.5;
/** A code of another length but the same letters ('CU-9001' beside 'CU-501') likely names the same kind of record. */
const SAME_STEM = 0.9;
const stem = (form: string) => form.replace(/9+$/, '9');

const fold = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
const seen = (p: ColumnProfile) => [...p.samples, ...(p.choices ?? []).map((c) => c.value)].map(fold);

/** The domains of the email addresses a profile shows. */
const domains = (p: ColumnProfile) => new Set(seen(p).map((v) => v.split('@')[1]).filter((d): d is string => !!d));

/**
 * Two free-text columns: 1 when a value of one shows up among the other's samples or choices, 0.5 when nothing says
 * either way, lower when both hold emails of different domains (a user's address is not a customer's), 0 when only one
 * of them holds emails.
 */
function textFit(link: ColumnProfile, key: ColumnProfile): number {
  if ((link.type === 'email') !== (key.type === 'email')) return 0;
  const keyValues = new Set(seen(key));
  if (seen(link).some((v) => keyValues.has(v))) return 1;
  if (link.type === 'email') {
    const theirs = domains(key);
    if (![...domains(link)].some((d) => theirs.has(d))) return 0.2;
  }
  return 0.5;
}

/**
 * How well a link column's values fit a candidate key column of the parent, from the two profiles alone (discovery
 * keeps no rows): the share of the link's coded values whose form the key shows ('T-99' names tickets keyed 'T-80'; a
 * code of another length counts nearly as much),
 * 0 when one names records by code and the other by free text, a free-text estimate when both are text. Null when the
 * profiles cannot tell (a declared field list, or no values).
 */
export function valueFit(link: ColumnProfile | undefined, key: ColumnProfile | undefined): number | null {
  if (!link?.filled || !key?.filled) return null;
  const linkCoded = (link.codes?.values ?? 0) / link.filled >= CODED;
  const keyCoded = (key.codes?.values ?? 0) / key.filled >= CODED;
  if (!linkCoded || !keyCoded) return linkCoded === keyCoded ? textFit(link, key) : 0;
  const forms = new Set(key.codes!.forms.map((f) => f.form));
  const stems = new Set(key.codes!.forms.map((f) => stem(f.form)));
  const all = link.codes!.forms.reduce((n, f) => n + f.count, 0);
  const fitting = link.codes!.forms.reduce((n, f) => n + f.count * (forms.has(f.form) ? 1 : stems.has(stem(f.form)) ? SAME_STEM : 0), 0);
  return fitting / all;
}

/** Whether a link column's values are record codes rather than names or emails. */
export const holdsCodes = (p: ColumnProfile | undefined) => !!p?.filled && (p.codes?.values ?? 0) / p.filled >= CODED;
