/** Minutes east of UTC for an offset like "-05:00". */
export function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) throw new Error(`not a UTC offset: "${offset}"`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** ISO-8601 in the account's offset, as Freshsales renders timestamps: 2024-03-02T01:00:00-05:00. */
export function isoWithOffset(at: Date, offset: string): string {
  const local = new Date(at.getTime() + offsetMinutes(offset) * 60_000);
  return local.toISOString().slice(0, 19) + offset;
}
