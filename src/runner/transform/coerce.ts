import type { ColumnProfile } from '../../scoping/discovery/profile/types.ts';
import { isEmail } from '../../scoping/discovery/profile/scalars.ts';
import type { ValueMap } from '../../scoping/mapping/document.ts';
import { scopingRules } from '../../scoping/rules.ts';
import type { DestinationDescription, DestinationField } from '../protocol.ts';
import { quote, splitItems } from './cells.ts';
import { choiceList, findChoice, listChoices, mapValue } from './choices.ts';
import { isoDate, isoDateTime, readDate, UNAMBIGUOUS_FORMATS, type DateReading } from './date-value.ts';
import { numberReader } from './number-value.ts';
import type { NumberLocale } from '../../scoping/discovery/profile/amounts.ts';
import type { Coerced } from './types.ts';
import { isTimeZone } from './zone-offset.ts';

/** Turns one non-empty, trimmed cell into the value a field takes. */
export type CellCoercer = (cell: string | string[]) => Coerced;

export interface CoerceContext {
  column: string;
  profile: ColumnProfile | undefined;
  valueMap: ValueMap | undefined;
  destination: DestinationDescription;
  /** The separators of the other amount formats the platform's exports use (a second locale), besides the column's own. */
  amountLocales?: readonly NumberLocale[];
  /** Reports a setup problem about this column and field. */
  problem(message: string): void;
}

const TEXT_MAX = scopingRules.fieldTypes.textMaxChars;
const TEXTAREA_MAX = scopingRules.fieldTypes.textareaMaxChars;
/** Exports whose profile found no list separator still separate tags with ';' most often (Kartra's Tags). */
const DEFAULT_SEPARATOR = ';';
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'checked', 'on', 'x']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'unchecked', 'off']);

const ok = (value: unknown): Coerced => ({ ok: true, value });
const fail = (column: string, message: string): Coerced => ({ ok: false, reason: `column ${column}: ${message}` });

/** A scalar field fed a list cell takes its only item; several items are an error rather than a silent pick. */
function scalar(column: string, field: string, next: (text: string) => Coerced): CellCoercer {
  return (cell) => {
    if (!Array.isArray(cell)) return next(cell);
    if (cell.length === 1) return next(cell[0]!);
    return fail(column, `holds ${cell.length} values (${cell.map(quote).join(', ')}); field ${field} takes one`);
  };
}

export function textCoercer(column: string, field: string, max: number): CellCoercer {
  return scalar(column, field, (text) =>
    text.length > max ? fail(column, `value ${quote(text)} is ${text.length} characters; field ${field} takes at most ${max}`) : ok(text),
  );
}

export function emailCoercer(column: string, field: string): CellCoercer {
  return scalar(column, field, (text) => {
    const email = text.toLowerCase();
    return isEmail(email) ? ok(email) : fail(column, `value ${quote(text)} is not an email address`);
  });
}

function numberCoercer(ctx: CoerceContext, field: string): CellCoercer {
  const read = numberReader(ctx.profile, ctx.amountLocales);
  return scalar(ctx.column, field, (text) => {
    const r = read(text);
    return 'value' in r ? ok(r.value) : fail(ctx.column, r.reason);
  });
}

function booleanCoercer(column: string, field: string): CellCoercer {
  return scalar(column, field, (text) => {
    const word = text.toLowerCase();
    if (TRUE_WORDS.has(word)) return ok(true);
    if (FALSE_WORDS.has(word)) return ok(false);
    return fail(column, `value ${quote(text)} is not a yes/no value`);
  });
}

/** Reads a date cell by the profile's pattern, or by a year-first form when the profile names none (never guessing day/month order). */
export function dateReader(profile: ColumnProfile | undefined): { describe: string; read(text: string): DateReading | null } {
  const formats = profile?.format ? [profile.format] : UNAMBIGUOUS_FORMATS;
  return {
    describe: profile?.format ?? 'a YYYY-MM-DD form',
    read: (text) => {
      for (const f of formats) {
        const r = readDate(text, f);
        if (r) return r;
      }
      return null;
    },
  };
}

/** The zone naive date-times of a column are read in: the profile's IANA zone; UTC when it has none. */
export function columnZone(ctx: Pick<CoerceContext, 'profile' | 'problem'>): string {
  const zone = ctx.profile?.timeZone;
  if (!zone || zone === 'offset') return 'UTC';
  if (isTimeZone(zone)) return zone;
  ctx.problem(`time zone '${zone}' is not a known IANA zone`);
  return 'UTC';
}

function dateCoercer(ctx: CoerceContext, field: string, withTime: boolean): CellCoercer {
  const reader = dateReader(ctx.profile);
  const zone = columnZone(ctx);
  return scalar(ctx.column, field, (text) => {
    const r = reader.read(text);
    if (!r) return fail(ctx.column, `value ${quote(text)} is not a date in ${reader.describe}`);
    return ok(withTime ? isoDateTime(r, zone) : isoDate(r));
  });
}

/**
 * A date-time column written to a text field (Freshsales has no custom date-and-time field): the instant, read in the
 * column's zone, as ISO 8601 with its offset, so the time of day survives and reads the same anywhere. A value that is
 * not a date in the column's format is kept as written.
 */
function momentTextCoercer(ctx: CoerceContext, field: string): CellCoercer {
  const reader = dateReader(ctx.profile);
  const zone = columnZone(ctx);
  const text = textCoercer(ctx.column, field, TEXT_MAX);
  return scalar(ctx.column, field, (value) => {
    const r = reader.read(value);
    return r?.hasTime ? ok(isoDateTime(r, zone)) : text(value);
  });
}

/** Source value → value map (when the column has one) → the destination's choice, by value ignoring case. */
function choiceResolver(ctx: CoerceContext, field: DestinationField): ((value: string) => { value: string | number } | { reason: string }) | null {
  const list = choiceList(field, ctx.destination);
  if (!list) {
    ctx.problem(`the destination lists no choices for ${field.name}`);
    return null;
  }
  const among = list.choices.length ? `is not one of ${listChoices(list.choices)}` : `is not a choice of ${field.name}, which has none`;
  const lacking = [...new Set((ctx.valueMap?.entries ?? []).flatMap((e) => (e.target !== null && !findChoice(list.choices, e.target) ? [`'${e.target}'`] : [])))];
  if (lacking.length) ctx.problem(`value map ${ctx.valueMap!.id} sends values to ${lacking.join(', ')}, which ${lacking.length > 1 ? 'are' : 'is'} not among ${field.name}'s choices (${listChoices(list.choices)})`);
  return (value) => {
    const mapped = mapValue(ctx.valueMap, value);
    if (mapped.kind === 'undecided') return { reason: `value ${quote(value)} has no target in value map ${ctx.valueMap!.id} yet` };
    const target = mapped.kind === 'mapped' ? mapped.target : value;
    const choice = findChoice(list.choices, target);
    if (!choice) return { reason: `value ${quote(value)}${target === value ? '' : ` (mapped to ${quote(target)})`} ${among}` };
    return { value: list.send === 'id' ? choice.id : choice.value };
  };
}

function dropdownCoercer(ctx: CoerceContext, field: DestinationField): CellCoercer {
  const resolve = choiceResolver(ctx, field);
  return scalar(ctx.column, field.name, (text) => {
    if (!resolve) return ok(undefined);
    const r = resolve(text);
    return 'reason' in r ? fail(ctx.column, r.reason) : ok(r.value);
  });
}

export function listItems(ctx: Pick<CoerceContext, 'profile'>, cell: string | string[]): string[] {
  return splitItems(cell, ctx.profile?.separator ?? DEFAULT_SEPARATOR);
}

function multiSelectCoercer(ctx: CoerceContext, field: DestinationField): CellCoercer {
  const resolve = choiceResolver(ctx, field);
  return (cell) => {
    if (!resolve) return ok(undefined);
    const values: (string | number)[] = [];
    for (const item of listItems(ctx, cell)) {
      const r = resolve(item);
      if ('reason' in r) return fail(ctx.column, r.reason);
      if (!values.includes(r.value)) values.push(r.value);
    }
    return ok(values.length ? values : undefined);
  };
}

export function tagsCoercer(ctx: Pick<CoerceContext, 'profile'>): CellCoercer {
  return (cell) => {
    const tags = listItems(ctx, cell);
    return ok(tags.length ? tags : undefined);
  };
}

/** The coercer for a field by its destination type; types no column can fill are a setup problem. */
export function coercerFor(field: DestinationField, ctx: CoerceContext): CellCoercer {
  switch (field.type) {
    case 'text':
      if (ctx.profile?.type === 'datetime') return momentTextCoercer(ctx, field.name);
      return textCoercer(ctx.column, field.name, TEXT_MAX);
    case 'url':
    case 'phone_number':
      return textCoercer(ctx.column, field.name, TEXT_MAX);
    case 'textarea':
      return textCoercer(ctx.column, field.name, TEXTAREA_MAX);
    case 'email':
      return emailCoercer(ctx.column, field.name);
    case 'number':
      return numberCoercer(ctx, field.name);
    case 'date':
      return dateCoercer(ctx, field.name, false);
    case 'date_time_split':
      return dateCoercer(ctx, field.name, true);
    case 'checkbox':
      return booleanCoercer(ctx.column, field.name);
    case 'dropdown':
    case 'radio':
      return dropdownCoercer(ctx, field);
    case 'multi_select_dropdown':
      return multiSelectCoercer(ctx, field);
    default:
      if (field.name === 'tags') return tagsCoercer(ctx);
      ctx.problem(`${field.name} is a ${field.type} field, which Ferry cannot fill from a column`);
      return () => ok(undefined);
  }
}

export const TEXT_LIMITS = { text: TEXT_MAX, textarea: TEXTAREA_MAX };
