import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../../../src/scoping/upload/utf8.ts';
import { ByteDecoder } from '../../../src/scoping/upload/text-decoding.ts';
import { decode1252 } from '../../../src/scoping/upload/windows-1252.ts';
import { split, utf8 } from './helpers.ts';

const fatal = new TextDecoder('utf-8', { fatal: true });
const isValidUtf8 = (b: Uint8Array) => {
  try {
    fatal.decode(b);
    return true;
  } catch {
    return false;
  }
};

// Bytes near UTF-8's edges: ASCII, continuation bytes, every lead-byte class, and valid sequences to splice in.
const utf8ish = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0x7f }).map((b) => [b]),
      fc.integer({ min: 0x80, max: 0xff }).map((b) => [b]),
      fc.constantFrom([0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xed, 0xa0, 0x80], [0xe0, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80]),
    ),
    { maxLength: 30 },
  )
  .map((parts) => new Uint8Array(parts.flat()));

describe('UTF-8 validator', () => {
  it('finds the first byte TextDecoder cannot decode (fatal decoding is the oracle)', () => {
    fc.assert(
      fc.property(utf8ish, (bytes) => {
        const bad = firstInvalidUtf8(bytes);
        expect(isValidUtf8(bytes.subarray(0, bad))).toBe(true);
        expect(bad === bytes.length).toBe(isValidUtf8(bytes));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ByteDecoder', () => {
  it('decodes UTF-8 split at any byte into the same text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.array(fc.nat(200), { maxLength: 8 }), (text, cuts) => {
        const d = new ByteDecoder('t.csv', 'utf-8', false);
        const chunks = split(utf8(text), cuts);
        const out = chunks.map((c) => d.decode(c, false)).join('') + d.decode(new Uint8Array(0), true);
        expect(out).toBe(text);
        expect(d.encoding).toBe('utf-8');
      }),
    );
  });

  it('decodes UTF-16 (both byte orders) split at any byte, surrogate pairs included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.array(fc.nat(120), { maxLength: 8 }), fc.boolean(), (text, cuts, le) => {
        const bytes = new Uint8Array(text.length * 2);
        for (let i = 0; i < text.length; i++) {
          const u = text.charCodeAt(i);
          bytes[2 * i + (le ? 0 : 1)] = u & 0xff;
          bytes[2 * i + (le ? 1 : 0)] = u >> 8;
        }
        const d = new ByteDecoder('t.csv', le ? 'utf-16le' : 'utf-16be', true);
        const out = split(bytes, cuts).map((c) => d.decode(c, false)).join('') + d.decode(new Uint8Array(0), true);
        expect(out).toBe(text);
      }),
    );
  });

  it('maps Windows-1252 0x80–0x9F to the code page characters and 0xA0–0xFF to Latin-1', () => {
    expect(decode1252(new Uint8Array([0x80, 0x92, 0x93, 0x94, 0x9f, 0xe9, 0xa0, 0xff]))).toBe('€’“”Ÿé\u00a0ÿ');
  });
});
