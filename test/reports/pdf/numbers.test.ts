import { describe, expect, it } from 'vitest';
import { formatNumber, niceScale } from '../../../src/reports/pdf/numbers.ts';

describe('report number formatting', () => {
  it('groups thousands and keeps at most two decimals', () => {
    expect([0, 7, 1234, 1234567, 12.5, 0.125, 2.999, -4500.5].map(formatNumber)).toEqual([
      '0', '7', '1,234', '1,234,567', '12.5', '0.13', '3', '-4,500.5',
    ]);
  });

  it('builds scales on round steps that cover the data', () => {
    expect(niceScale(0, 22)).toEqual({ min: 0, max: 25, ticks: [0, 5, 10, 15, 20, 25] });
    expect(niceScale(0, 141)).toEqual({ min: 0, max: 160, ticks: [0, 20, 40, 60, 80, 100, 120, 140, 160] });
    expect(niceScale(0, 3.5).ticks).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5]);
    expect(niceScale(-3, 9)).toMatchObject({ min: -4, max: 10 });
    // A flat series still gets a scale with a width, so nothing divides by zero.
    const flat = niceScale(0, 0);
    expect(flat.max).toBeGreaterThan(flat.min);
  });
});
