import { daysIn, MONTHS, tokenise, TOKENS, type DatePart } from '../../scoping/discovery/profile/date-formats.ts';
import { isoWithOffset, wallAsUtc, type WallTime, zonedInstant } from './zone-offset.ts';

/** A date or date-time cell read by its pattern: the wall clock as written, and its own offset when it carries one. */
export interface DateReading {
  wall: WallTime;
  hasTime: boolean;
  /** Minutes east of UTC written in the value (Z is 0); null when the value is naive local time. */
  offset: number | null;
}

/** Year-first forms tried when a column's profile names no pattern: they cannot swap day and month. */
export const UNAMBIGUOUS_FORMATS = [
  'YYYY-MM-DDTHH:mm:ss.SSSZ', 'YYYY-MM-DDTHH:mm:ssZ', 'YYYY-MM-DDTHH:mmZ', 'YYYY-MM-DDTHH:mm:ss.SSS', 'YYYY-MM-DDTHH:mm:ss',
  'YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD',
];

type Parser = (value: string) => DateReading | null;
const parsers = new Map<string, Parser>();


function compile(pattern: string): Parser {
  const kinds: DatePart[] = [];
  let source = '';
  for (const part of tokenise(pattern)) {
    const spec = part.token ? TOKENS.find(([t]) => t === part.token)! : null;
    if (spec) {
      source += spec[1];
      kinds.push(spec[2]);
    } else {
      source += part.text === ' ' ? ' +' : part.text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  const re = new RegExp(`^${source}$`);
  const hasTime = kinds.includes('hour24') || kinds.includes('hour12');
  return (value) => {
    const m = re.exec(value);
    if (!m) return null;
    const got = new Map<DatePart, string>(kinds.map((k, i) => [k, m[i + 1]!]));
    const name = got.get('monthName')?.toLowerCase();
    const month = name ? MONTHS.findIndex((x) => x.startsWith(name) && (name.length === 3 || x === name)) + 1 : Number(got.get('month'));
    const year = Number(got.get('year'));
    const day = Number(got.get('day') ?? 1);
    let hour = Number(got.get('hour24') ?? 0);
    const h12 = got.get('hour12');
    if (h12 !== undefined) {
      const h = Number(h12);
      if (h < 1 || h > 12) return null;
      hour = (h % 12) + (/p/i.test(got.get('meridiem') ?? '') ? 12 : 0);
    }
    const minute = Number(got.get('minute') ?? 0);
    const second = Number(got.get('second') ?? 0);
    const millisecond = Math.floor(Number(`0.${got.get('fraction') ?? '0'}`) * 1000);
    if (!(month >= 1 && month <= 12) || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return null;
    const written = got.get('offset');
    let offset: number | null = null;
    if (written !== undefined) {
      const o = /^([+-])(\d{2}):?(\d{2})$/.exec(written);
      offset = o ? (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3])) : 0;
      if (Math.abs(offset) > 14 * 60) return null;
    }
    return { wall: { year, month, day, hour, minute, second, millisecond }, hasTime, offset };
  };
}

/** Reads a trimmed cell by a pattern such as 'MM/DD/YYYY hh:mm A'; null when it does not fit or names no real date. */
export function readDate(value: string, pattern: string): DateReading | null {
  let p = parsers.get(pattern);
  if (!p) parsers.set(pattern, (p = compile(pattern)));
  return p(value);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar date as written (no zone shift): what a Freshsales date field holds. */
export const isoDate = (r: DateReading) => `${pad(r.wall.year, 4)}-${pad(r.wall.month)}-${pad(r.wall.day)}`;

/** The instant a reading names: its own offset, else its wall time in `zone`; with the offset to show it in. */
export function instantOf(r: DateReading, zone: string): { epochMs: number; offset: number } {
  if (r.offset !== null) return { epochMs: wallAsUtc(r.wall) - r.offset * 60_000, offset: r.offset };
  return zonedInstant(r.wall, zone);
}

/** ISO-8601 with the offset the value was written in (or its zone's offset then): 2024-03-10T03:30:00-04:00. */
export function isoDateTime(r: DateReading, zone: string): string {
  const { epochMs, offset } = instantOf(r, zone);
  return isoWithOffset(epochMs, offset);
}
