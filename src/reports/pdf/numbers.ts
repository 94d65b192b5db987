/** Number formatting and chart scales, the same on every runtime (no locale data involved). */

/** 12345.678 → "12,345.68"; at most two decimals, trailing zeros dropped. */
export function formatNumber(n: number) {
  const [int, frac] = (Math.round(Math.abs(n) * 100) / 100).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** A scale from `min` to `max` on round steps (1, 2 or 5 × 10ⁿ), with at most `maxTicks` intervals. */
export function niceScale(min: number, max: number, maxTicks = 8) {
  const span = max - min || 1;
  const raw = span / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const lo = Math.floor(min / step) * step;
  const hi = Math.max(Math.ceil(max / step) * step, lo + step);
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step / 1e6; i++) ticks.push(Math.round((lo + i * step) * 1e6) / 1e6);
  return { min: lo, max: hi, ticks };
}

/** Throws unless every value is a finite number; `what` names the field in the message. */
export function requireFinite(values: [string, number | undefined][]) {
  for (const [what, v] of values) {
    if (v !== undefined && !Number.isFinite(v)) throw new Error(`${what} is ${v}, expected a finite number`);
  }
}
