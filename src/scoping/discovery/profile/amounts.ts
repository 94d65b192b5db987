export type Decimal = '.' | ',';
export type Thousands = ',' | '.' | ' ' | '';
export interface NumberLocale {
  decimal: Decimal;
  thousands: Thousands;
}

/** Currency marks recognised before or after an amount, longest first so 'US$' is not read as '$'. */
const SYMBOLS = ['US$', 'AU$', 'CA$', 'NZ$', 'HK$', 'A$', 'C$', 'S$', 'R$', '$', '€', '£', '¥', '₹', '₩', '₽', '₺', '₪', '₫', '฿', '₴', '₦', '₱', 'zł', 'kr'];
const CODES = ['USD', 'EUR', 'GBP', 'AUD', 'CAD', 'NZD', 'JPY', 'CNY', 'INR', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'BRL', 'MXN', 'ZAR', 'SGD', 'HKD'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Grouping spaces: plain, no-break and narrow no-break (what spreadsheets in fr/de locales write). */
const SPACES = '[ \\u00a0\\u202f]';

/** The separators (and currency mark) of an example amount such as '$1,299.00', '1.299,00 €' or '1 299,00 kr'. */
export function readAmountFormat(example: string | undefined): NumberLocale & { currency?: string } {
  if (!example) return { decimal: '.', thousands: ',' };
  const number = /\d(?:[\d., \u00a0\u202f]*\d)?/.exec(example)?.[0] ?? '';
  const currency = example.replace(number, '').trim() || undefined;
  const last = /([.,])(\d+)$/.exec(number);
  // '1,299.00': the last separator followed by other than three digits is the decimal one; in '1,299' it groups thousands.
  const decimal: Decimal = !last ? '.' : last[2]!.length !== 3 ? (last[1] as Decimal) : last[1] === ',' ? '.' : ',';
  const group = number.replace(/\d/g, '').replace(decimal, '')[0];
  const thousands: Thousands = group === ',' || group === '.' ? group : group ? ' ' : '';
  return { decimal, thousands, ...(currency ? { currency } : {}) };
}

/** Every reading a number column might use; a value may fit several (e.g. '12' fits all). */
export const NUMBER_LOCALES: NumberLocale[] = [
  { decimal: '.', thousands: ',' }, { decimal: '.', thousands: '' }, { decimal: '.', thousands: ' ' },
  { decimal: ',', thousands: '.' }, { decimal: ',', thousands: '' }, { decimal: ',', thousands: ' ' },
];

const LOCALE_RE = NUMBER_LOCALES.map(({ decimal, thousands }) => {
  const d = escape(decimal);
  const t = thousands === ' ' ? SPACES : escape(thousands);
  const integer = thousands ? `(?:\\d{1,3}(?:${t}\\d{3})+|\\d+)` : '\\d+';
  return new RegExp(`^(?:${integer}(?:${d}(\\d+))?|${d}(\\d+))$`);
});

const patternCache = new Map<string, { lead: RegExp; trail: RegExp }>();

/** Currency-mark patterns (a mark before or after the number), compiled once per extra mark. */
function markPatterns(extraMark = '') {
  let p = patternCache.get(extraMark);
  if (!p) {
    const marks = [...(extraMark ? [extraMark] : []), ...SYMBOLS].map(escape).join('|');
    const codes = CODES.join('|');
    p = {
      lead: new RegExp(`^([+-]?)\\s*(${marks}|(?:${codes})(?=[\\s\\d]))\\s*`),
      trail: new RegExp(`\\s*(${marks}|(?<=[\\s\\d])(?:${codes}))$`),
    };
    patternCache.set(extraMark, p);
  }
  return p;
}

export interface AmountReading {
  /** The value without sign, percent sign or currency mark. */
  body: string;
  currency?: string;
  percent: boolean;
}

/**
 * Splits a cell into currency mark and number body: '$1,299.00', '-$5', '($5.00)', '1.299,00 €', 'USD 40', '45%'.
 * Null when what is left cannot be a number at all (letters, several signs, formulas).
 */
export function readAmount(value: string, extraMark?: string): AmountReading | null {
  let s = value;
  if (/^\(.*\)$/.test(s)) s = s.slice(1, -1).trim(); // accounting negative
  const { lead: leadRe, trail: trailRe } = markPatterns(extraMark);
  const lead = leadRe.exec(s);
  const trail = trailRe.exec(s);
  let currency: string | undefined;
  if (lead) {
    currency = lead[2];
    s = lead[1] + s.slice(lead[0].length);
  } else if (trail) {
    currency = trail[1];
    s = s.slice(0, trail.index);
  }
  const percent = !currency && s.endsWith('%');
  if (percent) s = s.slice(0, -1).trimEnd();
  s = s.replace(/^[+-]\s*/, '');
  if (!/^[\d., \u00a0\u202f]+$/.test(s) || !/\d/.test(s)) return null;
  return { body: s, percent, ...(currency ? { currency } : {}) };
}

/** Which NUMBER_LOCALES read the body; for each one, whether it has exactly two decimals. Null entries do not fit. */
export function localeFits(body: string): ({ twoDecimals: boolean } | null)[] {
  return LOCALE_RE.map((re) => {
    const m = re.exec(body);
    if (!m) return null;
    const decimals = m[1] ?? m[2];
    return { twoDecimals: decimals?.length === 2 };
  });
}

/** Both '.' and ',' (or a grouping space and a comma) appear: the value names its own decimal mark. */
export const carriesBothSeparators = (body: string) => (body.includes('.') && body.includes(',')) || /\d[ \u00a0\u202f]\d{3},/.test(body);
