import { describe, expect, it } from 'vitest';
import { formatLocales, numberReader, readNumber } from '../../../src/runner/transform/number-value.ts';

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

describe('amounts in the other formats a platform lists', () => {
  const money = (decimal: '.' | ',', thousands: ',' | '.', currency?: string) => ({ money: { decimal, thousands, ...(currency ? { currency } : {}) } }) as never;
  const EU = formatLocales(['$1,299.00', '1.299,00 €']);

  it('reads the form of each example once', () => {
    expect(EU).toEqual([US, DE]);
    expect(formatLocales(['$1,299.00', 'USD 5,000.00'])).toEqual([US]);
  });

  it('reads a value only one allowed form reads, whichever side its currency mark is on', () => {
    const read = numberReader(money('.', ',', '$'), EU);
    expect(read('$1,299.00')).toEqual({ value: 1299 });
    expect(read('1.299,00 €')).toEqual({ value: 1299 });
    expect(read('€ 49,50')).toEqual({ value: 49.5 });
    expect(read('EUR 7.312,40')).toEqual({ value: 7312.4 });
    expect(read('-1.299,00 €')).toEqual({ value: -1299 });
  });

  it("settles a value two forms read differently by the column's profiled form", () => {
    expect(numberReader(money('.', ','), EU)('1.299')).toEqual({ value: 1.299 });
    expect(numberReader(money(',', '.'), EU)('1.299')).toEqual({ value: 1299 });
    expect(numberReader(money(',', '.'), EU)('1,5')).toEqual({ value: 1.5 });
  });

  it('refuses a value two forms read differently when no profile settles it, naming both readings', () => {
    expect(numberReader(undefined, EU)('1.299')).toEqual({
      reason: "value '1.299' reads as 1.299 (written like 1,234.56) or as 1299 (written like 1.234,56), and the column's values do not settle which; write it with both separators or without grouping",
    });
    expect(numberReader(undefined, EU)('twelve')).toEqual({ reason: "value 'twelve' is not a number written like 1,234.56 or 1.234,56" });
    // Without other listed forms, only the column's own form reads.
    expect(numberReader(money('.', ','))('1.299,00 €')).toEqual({ reason: "value '1.299,00 €' is not a number written like 1,234.56" });
  });
});
