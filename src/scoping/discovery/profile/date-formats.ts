/** A date pattern ('MM/DD/YYYY hh:mm A') compiled to a strict matcher. */
export interface DateFormat {
  pattern: string;
  hasTime: boolean;
  /** Values carry their own UTC offset or Z. */
  hasOffset: boolean;
  matches(value: string): boolean;
  /** The same pattern with day and month swapped ('DD/MM/YYYY' ↔ 'MM/DD/YYYY'), or null when it does not start with them. */
  twin: string | null;
}

/** Forms seen in CRM exports, tried after the platform's own patterns; zero-padded before unpadded so ties keep the padded one. */
const COMMON_DATE_FORMATS = [
  'YYYY-MM-DDTHH:mm:ss.SSSZ', 'YYYY-MM-DDTHH:mm:ssZ', 'YYYY-MM-DDTHH:mmZ', 'YYYY-MM-DD HH:mm:ssZ',
  'YYYY-MM-DDTHH:mm:ss.SSS', 'YYYY-MM-DDTHH:mm:ss', 'YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD', 'YYYY/MM/DD',
  'MM/DD/YYYY', 'DD/MM/YYYY', 'M/D/YYYY', 'D/M/YYYY',
  'MM/DD/YYYY HH:mm', 'DD/MM/YYYY HH:mm', 'MM/DD/YYYY HH:mm:ss', 'DD/MM/YYYY HH:mm:ss',
  'MM/DD/YYYY hh:mm A', 'M/D/YYYY h:mm A', 'MM/DD/YYYY hh:mm:ss A', 'M/D/YYYY h:mm:ss A',
  'DD.MM.YYYY', 'DD.MM.YYYY HH:mm', 'DD-MM-YYYY', 'MMM D, YYYY', 'MMM D, YYYY h:mm A', 'D MMM YYYY', 'MMMM D, YYYY',
];

export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

export type DatePart = 'year' | 'month' | 'monthName' | 'day' | 'hour24' | 'hour12' | 'minute' | 'second' | 'fraction' | 'meridiem' | 'offset';

/** Tokens longest first, so 'MMMM' is not read as 'MM' twice. */
/** Shared with the runner's date reader (src/runner/transform/date-value.ts). */
export const TOKENS: [string, string, DatePart][] = [
  ['YYYY', '(\\d{4})', 'year'],
  ['MMMM', '([A-Za-z]{3,9})', 'monthName'],
  ['MMM', '([A-Za-z]{3})\\.?', 'monthName'],
  ['MM', '(\\d{2})', 'month'],
  ['M', '(\\d{1,2})', 'month'],
  ['DD', '(\\d{2})', 'day'],
  ['D', '(\\d{1,2})', 'day'],
  ['HH', '(\\d{2})', 'hour24'],
  ['H', '(\\d{1,2})', 'hour24'],
  ['hh', '(\\d{2})', 'hour12'],
  ['h', '(\\d{1,2})', 'hour12'],
  ['mm', '(\\d{2})', 'minute'],
  ['ss', '(\\d{2})', 'second'],
  ['SSS', '(\\d{1,9})', 'fraction'],
  ['A', '([AaPp]\\.?[Mm]\\.?)', 'meridiem'],
  ['a', '([AaPp]\\.?[Mm]\\.?)', 'meridiem'],
  ['Z', '(Z|[+-]\\d{2}:?\\d{2})', 'offset'],
];

const SWAP: Record<string, string> = { MM: 'DD', DD: 'MM', M: 'D', D: 'M' };

export function tokenise(pattern: string): { token: string | null; text: string }[] {
  const out: { token: string | null; text: string }[] = [];
  for (let i = 0; i < pattern.length; ) {
    const hit = TOKENS.find(([t]) => pattern.startsWith(t, i));
    if (hit) {
      out.push({ token: hit[0], text: hit[0] });
      i += hit[0].length;
    } else {
      out.push({ token: null, text: pattern[i]! });
      i++;
    }
  }
  return out;
}

export const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function valid(parts: Map<DatePart, string>): boolean {
  const year = Number(parts.get('year'));
  const name = parts.get('monthName')?.toLowerCase();
  const month = name ? MONTHS.findIndex((m) => m.startsWith(name) && (name.length === 3 || m === name)) + 1 : Number(parts.get('month'));
  const day = Number(parts.get('day') ?? 1);
  if (!(month >= 1 && month <= 12) || day < 1 || day > daysIn(year, month)) return false;
  const h24 = parts.get('hour24');
  const h12 = parts.get('hour12');
  if (h24 !== undefined && Number(h24) > 23) return false;
  if (h12 !== undefined && (Number(h12) < 1 || Number(h12) > 12 || !parts.has('meridiem'))) return false;
  if (Number(parts.get('minute') ?? 0) > 59 || Number(parts.get('second') ?? 0) > 59) return false;
  const offset = parts.get('offset');
  return !offset || offset === 'Z' || Number(offset.slice(1, 3)) <= 14;
}

function compileDateFormat(pattern: string): DateFormat {
  const pieces = tokenise(pattern);
  const kinds: DatePart[] = [];
  let source = '';
  for (const p of pieces) {
    const spec = p.token ? TOKENS.find(([t]) => t === p.token)! : null;
    if (spec) {
      source += spec[1];
      kinds.push(spec[2]);
    } else source += p.text === ' ' ? ' +' : p.text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`);
  // Only day-first and month-first forms have a twin; year-first forms are always year-month-day.
  const first = pieces.find((p) => p.token)?.token ?? '';
  const hasTwin = ['MM', 'M', 'DD', 'D'].includes(first) && pieces.some((p) => p.token && SWAP[p.token] && p.token[0] !== first[0]);
  return {
    pattern,
    hasTime: kinds.some((k) => k === 'hour24' || k === 'hour12'),
    hasOffset: kinds.includes('offset'),
    twin: hasTwin ? pieces.map((p) => (p.token && SWAP[p.token]) || p.text).join('') : null,
    matches(value) {
      const m = re.exec(value);
      if (!m) return false;
      const parts = new Map<DatePart, string>();
      kinds.forEach((k, i) => parts.set(k, m[i + 1]!));
      return valid(parts);
    },
  };
}

/** The hint patterns, then their day/month twins, then the common forms; each once, in that order (ties go to the earlier). */
export function candidateFormats(hinted: string[]): DateFormat[] {
  const hints = hinted.map(compileDateFormat);
  const order = [...hinted, ...hints.flatMap((f) => (f.twin ? [f.twin] : [])), ...COMMON_DATE_FORMATS];
  return [...new Set(order)].map(compileDateFormat);
}
