/** Wall-clock fields of a local date-time (month 1–12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether the runtime knows this IANA zone name. */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Minutes east of UTC that `zone` observes at the instant `epochMs`. */
export function offsetAt(zone: string, epochMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(epochMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / MINUTE);
}

export const wallAsUtc = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/**
 * The instant a wall-clock time names in `zone`, and the offset in force there. A time the clocks pass twice (the
 * hour after DST ends) is the first, earlier one; a time they skip (the hour DST starts) is read with the offset in
 * force before the jump, which moves it forward by the gap (02:30 → 03:30).
 */
export function zonedInstant(wall: WallTime, zone: string): { epochMs: number; offset: number } {
  const local = wallAsUtc(wall);
  // Transitions are rarer than one a day, so the offsets a day either side are the only two candidates.
  const before = offsetAt(zone, local - DAY);
  const after = offsetAt(zone, local + DAY);
  const fits = [...new Set([before, after])]
    .map((offset) => local - offset * MINUTE)
    .filter((t) => offsetAt(zone, t) === (local - t) / MINUTE)
    .sort((a, b) => a - b);
  const epochMs = fits[0] ?? local - before * MINUTE;
  return { epochMs, offset: offsetAt(zone, epochMs) };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatOffset(offset: number): string {
  if (offset === 0) return 'Z';
  const abs = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** ISO-8601 with the given offset: 2023-11-05T01:30:00-04:00 (milliseconds only when there are some). */
export function isoWithOffset(epochMs: number, offset: number): string {
  const d = new Date(epochMs + offset * MINUTE);
  const ms = d.getUTCMilliseconds();
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ''}${formatOffset(offset)}`
  );
}
