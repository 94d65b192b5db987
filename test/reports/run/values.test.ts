import { describe, expect, it } from 'vitest';
import { clip, firstDifference, MAX_CELL, showValue } from '../../../src/reports/run/values.ts';

const chars = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].length;

describe('showValue', () => {
  it('names absent and empty values and shows lists, objects and line breaks readably', () => {
    expect([null, undefined, '', [], 0, false].map(showValue)).toEqual(['(none)', '(none)', '(empty)', '(empty list)', '0', 'false']);
    expect(showValue(['VIP', 'Messe 2024'])).toBe('VIP; Messe 2024');
    expect(showValue({ id: 7, name: 'Zoë' })).toBe('{"id":7,"name":"Zoë"}');
    expect(showValue('Zeile 1\r\nZeile 2\nZeile 3')).toBe('Zeile 1 ↵ Zeile 2 ↵ Zeile 3');
  });
});

describe('clip', () => {
  it('leaves short text alone and cuts long text with an ellipsis', () => {
    expect(clip('kurz')).toBe('kurz');
    const long = 'x'.repeat(MAX_CELL + 50);
    expect(clip(long)).toBe('x'.repeat(MAX_CELL) + '…');
  });

  it('never splits a user-perceived character', () => {
    const text = 'e\u0301'.repeat(30) + '👩‍👩‍👧'.repeat(30); // é as e + combining accent, and a ZWJ family
    const out = clip(text, 40);
    expect(chars(out)).toBe(41);
    expect(out).toBe('e\u0301'.repeat(30) + '👩‍👩‍👧'.repeat(10) + '…');
  });

  it('keeps a focus point in view, with an ellipsis on each cut side', () => {
    const text = `${'a'.repeat(500)}DIFF${'b'.repeat(500)}`;
    const out = clip(text, 100, 500);
    expect(out).toContain('DIFF');
    expect(out.startsWith('…') && out.endsWith('…')).toBe(true);
    expect(clip(text, 100, 1003).endsWith('b')).toBe(true);
  });
});

describe('firstDifference', () => {
  it('finds where two texts part, counting characters not code units', () => {
    expect(firstDifference('abc', 'abd')).toBe(2);
    expect(firstDifference('ab', 'abc')).toBe(2);
    expect(firstDifference('same', 'same')).toBe(4);
    expect(firstDifference('👩‍👩‍👧x', '👩‍👩‍👧y')).toBe(1);
  });
});
