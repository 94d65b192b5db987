import type { SourceFieldType } from '../inventory.ts';
import { NUMBER_LOCALES, type NumberLocale } from './amounts.ts';
import type { ColumnTally, DateTally } from './tally.ts';
import type { ColumnProfile } from './types.ts';

/** A type wins when at least this share of the non-empty values fit it. */
const WIN_SHARE = 0.95;
const MAX_CHOICES = 300;

interface Verdict {
  type: SourceFieldType;
  /** Non-empty values that fit the type. */
  fit: number;
  evidence: string;
  extra?: Pick<ColumnProfile, 'format' | 'timeZone' | 'money' | 'separator' | 'choices'>;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const share = (n: number, t: ColumnTally) => `${n === t.filled ? `all ${n}` : `${n} of ${t.filled}`} values`;
const grouping = (l: NumberLocale) => (l.thousands ? `'${l.thousands}' thousands grouping` : 'no thousands grouping');

/** NUMBER_LOCALES indexes, the hints' own locale first, so a tie (values such as '12' fit every locale) goes to the hint. */
function localeOrder(t: ColumnTally): number[] {
  const hint = t.amountHint;
  const rank = (l: NumberLocale) => Number(l.decimal !== hint.decimal) * 2 + Number(l.thousands !== hint.thousands);
  return NUMBER_LOCALES.map((_, i) => i).sort((a, b) => rank(NUMBER_LOCALES[a]!) - rank(NUMBER_LOCALES[b]!) || a - b);
}

const bestBy = <T>(items: T[], score: (x: T) => number): T =>
  items.reduce((best, x) => (score(x) > score(best) ? x : best), items[0]!);

function dateVerdict(t: ColumnTally): Verdict | null {
  if (t.anyDate < t.filled * WIN_SHARE) return null;
  const best: DateTally = bestBy(t.dates, (d) => d.count);
  const { format } = best;
  const type = format.hasTime ? 'datetime' : 'date';
  const timeZone = !format.hasTime ? undefined : format.hasOffset ? 'offset' : t.hints.timeZone;
  let evidence = `${share(best.count, t)} are ${type === 'date' ? 'dates' : 'date-times'} in ${format.pattern}`;
  if (timeZone === 'offset') evidence += ' with their own UTC offset';
  else if (timeZone) evidence += ` without an offset (read as ${timeZone} local time)`;
  const twin = format.twin && t.dates.find((d) => d.format.pattern === format.twin);
  if (twin && best.exclusive > 0) evidence += `; ${plural(best.exclusive, 'value reads', 'values read')} only as ${format.pattern}, not ${twin.format.pattern}`;
  else if (twin) {
    const hinted = t.hints.dateFormats.includes(format.pattern);
    evidence += `; every one also reads as ${twin.format.pattern}, so the order comes from ${hinted ? "the export's date setting" : 'the first matching common form'}`;
  }
  if (t.anyDate > best.count) evidence += `; ${plural(t.anyDate - best.count, 'more value is a date', 'more values are dates')} in another format`;
  return { type, fit: best.count, evidence, extra: { format: format.pattern, ...(timeZone ? { timeZone } : {}) } };
}

/** The id or link a header names: unique ids are the record's own, repeating ones (or parent/related) point elsewhere. */
function keyVerdict(t: ColumnTally): Verdict | null {
  const h = t.headerHints;
  if ((!h.namesId && !h.namesLink) || t.long > 0) return null;
  const unique = t.values.repeats === 0;
  const fit = t.filled - t.formulas;
  if (h.namesId && !h.namesLink && (unique || h.bareId)) {
    const checked = t.values.capped ? ` (checked over the first ${t.values.distinct} distinct values)` : '';
    return unique
      ? { type: 'id', fit, evidence: `${share(t.filled, t)} are distinct${checked} and the header '${t.header}' names an id` }
      : { type: 'id', fit: fit - t.values.repeats, evidence: `the header '${t.header}' names the record id, but ${plural(t.values.repeats, 'value repeats', 'values repeat')} an earlier one` };
  }
  const why = h.namesLink ? 'a parent or related record' : `another record's id and ${plural(t.values.repeats, 'value repeats', 'values repeat')}`;
  return { type: 'reference', fit, evidence: `the header '${t.header}' names ${why}` };
}

function uuidVerdict(t: ColumnTally): Verdict | null {
  if (t.uuids < t.filled * WIN_SHARE) return null;
  const unique = t.values.repeats === 0;
  return unique
    ? { type: 'id', fit: t.uuids, evidence: `${share(t.uuids, t)} are UUIDs, all distinct` }
    : { type: 'reference', fit: t.uuids, evidence: `${share(t.uuids, t)} are UUIDs and ${plural(t.values.repeats, 'repeats', 'repeat')}, so they point at other records` };
}

function amountVerdict(t: ColumnTally): Verdict | null {
  const order = localeOrder(t);
  const locales = order.map((i) => ({ locale: NUMBER_LOCALES[i]!, ...t.locales[i]! }));
  const money = bestBy(locales, (l) => l.plain + l.marked);
  const moneyFit = money.plain + money.marked;
  const currency = t.currencies.size ? bestBy([...t.currencies], ([, n]) => n)[0] : undefined;
  const separators = { decimal: money.locale.decimal, thousands: money.locale.thousands };
  if (moneyFit >= t.filled * WIN_SHARE && t.marked >= t.filled * 0.5) {
    let evidence = `${share(moneyFit, t)} are amounts in ${currency}, with ${grouping(money.locale)} and '${money.locale.decimal}' decimals`;
    if (t.currencies.size > 1) evidence += `; currencies seen: ${[...t.currencies].map(([c, n]) => `${c} ${n}`).join(', ')}`;
    return { type: 'money', fit: moneyFit, evidence, extra: { money: { ...(currency ? { currency } : {}), ...separators } } };
  }
  const number = bestBy(locales, (l) => l.plain);
  if (number.plain < t.filled * WIN_SHARE) return null;
  const numberSeparators = { decimal: number.locale.decimal, thousands: number.locale.thousands };
  if (t.headerHints.namesMoney && number.plainTwoDecimals >= number.plain * 0.5) {
    return {
      type: 'money',
      fit: number.plain,
      evidence: `${share(number.plain, t)} are numbers, ${number.plainTwoDecimals} with two decimals, and the header '${t.header}' names an amount`,
      extra: { money: numberSeparators },
    };
  }
  let evidence = `${share(number.plain, t)} are numbers`;
  if (number.locale.decimal === ',') evidence += ` with ',' decimals and ${grouping(number.locale)}`;
  if (t.percents) evidence += ` (${plural(t.percents, 'percentage')})`;
  return { type: 'number', fit: number.plain, evidence, extra: { money: numberSeparators } };
}

function listVerdict(t: ColumnTally): Verdict | null {
  if (t.formulas || t.filled - t.long < t.filled * WIN_SHARE) return null;
  const list = t.lists.decide(t.filled, t.values);
  if (!list) return null;
  const how = list.separator === undefined ? 'are JSON arrays' : `hold items separated by '${list.separator}'`;
  return {
    type: 'multi_value',
    fit: t.filled - t.long,
    evidence: `${share(list.listed, t)} ${how} (${plural(list.distinctItems, 'distinct item')})`,
    extra: { ...(list.separator === undefined ? {} : { separator: list.separator }), choices: list.items.slice(0, MAX_CHOICES) },
  };
}

function picklistVerdict(t: ColumnTally): Verdict | null {
  const distinct = t.values.distinct;
  if (t.formulas || t.long || t.arrays || t.values.capped || distinct > 50 || distinct > Math.max(3, t.filled * 0.5) || t.maxLength > 40) return null;
  return {
    type: 'picklist',
    fit: t.filled,
    evidence: `${share(t.filled, t)} take ${plural(distinct, 'distinct choice')}`,
    extra: { choices: t.values.top(MAX_CHOICES) },
  };
}

/** The closest typed reading of a free-text column, so the evidence says why it is not, say, a date. */
function nearMiss(t: ColumnTally): string {
  const readings: [number, string][] = [
    [t.anyDate, 'dates'], [t.numeric, 'numbers'], [t.emails, 'email addresses'], [t.urls, 'web addresses'],
    [t.phones, 'phone-shaped'], [t.booleanWords, 'yes/no words'],
  ];
  const [n, what] = bestBy(readings, ([x]) => x);
  return n >= t.filled * 0.5 ? `; no type fits ${WIN_SHARE * 100}% of them (closest: ${n} are ${what})` : '';
}

/**
 * Votes over the tally in a fixed precedence; the first type that ≥ 95% of the non-empty values fit wins.
 * Header words only decide where values cannot: 1/0 flags, plain-digit phones, ids and references, unmarked amounts.
 */
function decide(t: ColumnTally): Verdict {
  const wins = (n: number) => n >= t.filled * WIN_SHARE;
  const h = t.headerHints;
  if (t.arrays >= t.filled * 0.3) {
    const list = listVerdict(t);
    if (list) return list;
  }
  const flags = t.booleanWords + (h.namesFlag ? t.flagDigits : 0);
  if (wins(flags)) {
    const seen = t.values.top(4).map((c) => c.value).join(', ');
    return { type: 'boolean', fit: flags, evidence: `${share(flags, t)} are yes/no flags (${seen})` };
  }
  if (wins(t.emails)) return { type: 'email', fit: t.emails, evidence: `${share(t.emails, t)} are email addresses` };
  if (wins(t.urls)) return { type: 'url', fit: t.urls, evidence: `${share(t.urls, t)} are web addresses` };
  const typed =
    dateVerdict(t) ??
    (h.namesPhone && wins(t.phones) ? { type: 'phone' as const, fit: t.phones, evidence: `${share(t.phones, t)} are phone numbers` } : null) ??
    keyVerdict(t) ??
    uuidVerdict(t) ??
    amountVerdict(t) ??
    (wins(t.formattedPhones) ? { type: 'phone' as const, fit: t.formattedPhones, evidence: `${share(t.formattedPhones, t)} are formatted phone numbers` } : null) ??
    listVerdict(t) ??
    picklistVerdict(t);
  if (typed) return typed;
  const formulas = t.formulas ? `; ${plural(t.formulas, 'value looks', 'values look')} like spreadsheet formulas, kept as text` : '';
  if (t.long) return { type: 'textarea', fit: t.filled, evidence: `${share(t.long, t)} have line breaks or run past 255 characters${formulas}` };
  return { type: 'text', fit: t.filled, evidence: `${share(t.filled, t)} are free text${nearMiss(t)}${formulas}` };
}

export function classify(t: ColumnTally): ColumnProfile {
  const base = {
    filled: t.filled,
    total: t.total,
    fillRate: t.total ? round(t.filled / t.total) : 0,
    distinct: t.values.distinct,
    distinctCapped: t.values.capped,
    samples: [...t.samples],
    maxLength: t.maxLength,
  };
  const unique = t.filled > 0 && t.values.repeats === 0;
  if (!t.filled) {
    const evidence = t.total ? `${plural(t.total, 'value')}, all empty` : 'the file has no rows';
    return { type: 'text', confidence: 0, evidence, ...base, unique };
  }
  const v = decide(t);
  // Repeating values of any type (owner emails, stage codes) feed value maps and the owner plan; unique ones stay private.
  const repeated = !unique && !t.values.capped && t.values.distinct <= MAX_CHOICES ? { choices: t.values.top(MAX_CHOICES) } : {};
  const codes = t.codes.finish();
  return { type: v.type, confidence: round(v.fit / t.filled), evidence: v.evidence, ...base, ...repeated, ...v.extra, unique, ...(codes ? { codes } : {}) };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
