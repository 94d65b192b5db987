import { describe, expect, it } from 'vitest';
import { readNumber } from '../../../src/runner/transform/number-value.ts';

const US = { decimal: '.', thousands: ',' } as const;
const DE = { decimal: ',', thousands: '.' } as const;
const FR = { decimal: ',', thousands: ' ' } as const;
const PLAIN = { decimal: '.', thousands: '' } as const;

describe('amounts and numbers by the column locale', () => {
  it('reads US-style amounts with marks, signs and brackets', () => {
    expect(readNumber('$1,299.00', US, '$')).toBe(1299);
    expect(readNumber('$2,400,000.00', US, '$')).toBe(2_400_000);
    expect(readNumber('-$24.50', US, '$')).toBe(-24.5);
    expect(readNumber('$-24.50', US, '$')).toBe(-24.5);
    expect(readNumber('($5.00)', US, '$')).toBe(-5);
    expect(readNumber('€12,400.00', US, '$')).toBe(12_400);
    expect(readNumber('USD 40', US)).toBe(40);
    expect(readNumber('45%', US)).toBe(45);
    expect(readNumber('+46', US)).toBe(46);
    expect(readNumber('$0.00', US, '$')).toBe(0);
    expect(readNumber('.5', US)).toBe(0.5);
  });

  it('reads European amounts with their own separators', () => {
    expect(readNumber('1.299,00 €', DE, '€')).toBe(1299);
    expect(readNumber('1.234.567,5', DE)).toBe(1_234_567.5);
    expect(readNumber('1 299,00 kr', FR, 'kr')).toBe(1299);
    expect(readNumber('1\u00a0299,50', FR)).toBe(1299.5);
    expect(readNumber('51 824 753 556', { decimal: '.', thousands: ' ' })).toBe(51_824_753_556);
    expect(readNumber('1299.5', PLAIN)).toBe(1299.5);
  });

  it('refuses values written in another locale or not numbers at all', () => {
    expect(readNumber('1.299,00', US)).toBeNull();
    expect(readNumber('1,299.00', DE)).toBeNull();
    expect(readNumber('12,34', US)).toBeNull();
    expect(readNumber('1,299', PLAIN)).toBeNull();
    expect(readNumber('twelve', US)).toBeNull();
    expect(readNumber('=SUM(A1)', US)).toBeNull();
    expect(readNumber('1-2', US)).toBeNull();
  });
});
