import { localeFits, NUMBER_LOCALES, readAmount, type NumberLocale } from '../../scoping/discovery/profile/amounts.ts';
import type { ColumnProfile } from '../../scoping/discovery/profile/types.ts';

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
