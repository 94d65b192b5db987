import { localeFits, NUMBER_LOCALES, readAmount, readAmountFormat, type NumberLocale } from '../../scoping/discovery/profile/amounts.ts';
import type { ColumnProfile } from '../../scoping/discovery/profile/types.ts';
import { quote } from './cells.ts';

const US: NumberLocale = { decimal: '.', thousands: ',' };

/** How a column writes its numbers: the profile's separators, else 1,234.56. */
export const numberLocale = (profile: ColumnProfile | undefined): NumberLocale => profile?.money ?? US;

/** Human form of a locale for messages: '1,234.56', '1.234,56', '1 234,56'. */
export const localeExample = (l: NumberLocale) => `1${l.thousands}234${l.decimal}56`;

/**
 * A number or amount cell read with the column's separators: '$1,299.00', '1.299,00 €', '-$24.50', '($5.00)', '45%',
 * '+46'. Null when it is not a number in that form (a value that only fits another locale is not guessed at).
 */
export function readNumber(value: string, locale: NumberLocale, currency?: string): number | null {
  const reading = readAmount(value, currency);
  if (!reading) return null;
  const index = NUMBER_LOCALES.findIndex((l) => l.decimal === locale.decimal && l.thousands === locale.thousands);
  if (index === -1 || !localeFits(reading.body)[index]) return null;
  const grouping = locale.thousands === ' ' ? /[ \u00a0\u202f]/g : locale.thousands ? new RegExp(`\\${locale.thousands}`, 'g') : null;
  const plain = (grouping ? reading.body.replace(grouping, '') : reading.body).replace(locale.decimal, '.');
  const n = Number(plain.startsWith('.') ? `0${plain}` : plain);
  if (!Number.isFinite(n)) return null;
  // The sign sits before or after the currency mark ('-$5', '$-5'); brackets are an accounting negative.
  const negative = /^\(.*\)$/.test(value) || /^[^\d]*-/.test(value);
  return negative && n !== 0 ? -n : n;
}

/** The separators of each amount format a platform's exports use ('$1,299.00', '1.299,00 €'), once each. */
export function formatLocales(formats: readonly string[]): NumberLocale[] {
  const out: NumberLocale[] = [];
  for (const f of formats) {
    const { decimal, thousands } = readAmountFormat(f);
    if (!out.some((l) => l.decimal === decimal && l.thousands === thousands)) out.push({ decimal, thousands });
  }
  return out;
}

export type NumberReading = { value: number } | { reason: string };

/**
 * Reads cells of one column: in the column's own form, or in any amount format the platform lists, when the value
 * can be read only one way ('1.299,00 €' in a column of '$1,299.00'). A value that reads as different numbers in
 * two allowed forms ('1.299') takes the column's profiled form; without one it is refused, naming both readings.
 */
export function numberReader(profile: ColumnProfile | undefined, listed: readonly NumberLocale[] = []): (text: string) => NumberReading {
  const own = numberLocale(profile);
  const locales = [own, ...listed.filter((l) => l.decimal !== own.decimal || l.thousands !== own.thousands)];
  const currency = profile?.money?.currency;
  return (text) => {
    const readings = locales.flatMap((locale) => {
      const n = readNumber(text, locale, currency);
      return n === null ? [] : [{ locale, n }];
    });
    if (readings.length === 0) return { reason: `value ${quote(text)} is not a number written like ${locales.map(localeExample).join(' or ')}` };
    const values = [...new Set(readings.map((r) => r.n))];
    if (values.length === 1) return { value: values[0]! };
    if (profile?.money && readings[0]!.locale === own) return { value: readings[0]!.n };
    const both = readings.map((r) => `${r.n} (written like ${localeExample(r.locale)})`).join(' or as ');
    return { reason: `value ${quote(text)} reads as ${both}, and the column's values do not settle which; write it with both separators or without grouping` };
  };
}
