// A small UTF-8 well-formedness check (Unicode table 3-7). TextDecoder does the decoding; this only finds the first
// byte it would have to replace with U+FFFD, which the Windows-1252 fallback and the "mixed encodings" error need.

/** Bytes in the sequence a lead byte starts (0: it cannot start one) and the range its second byte must fall in. */
function lead(b: number): [length: number, lo: number, hi: number] {
  if (b < 0x80) return [1, 0, 0];
  if (b < 0xc2) return [0, 0, 0];
  if (b < 0xe0) return [2, 0x80, 0xbf];
  if (b === 0xe0) return [3, 0xa0, 0xbf]; // no overlong forms
  if (b === 0xed) return [3, 0x80, 0x9f]; // no surrogates
  if (b < 0xf0) return [3, 0x80, 0xbf];
  if (b === 0xf0) return [4, 0x90, 0xbf];
  if (b < 0xf4) return [4, 0x80, 0xbf];
  if (b === 0xf4) return [4, 0x80, 0x8f]; // nothing above U+10FFFF
  return [0, 0, 0];
}

/** How many bytes from `at` (at most `len`, stopping at the end of `bytes`) form a well-formed sequence prefix. */
function wellFormedPrefix(bytes: Uint8Array, at: number, len: number, lo: number, hi: number): number {
  const end = Math.min(at + len, bytes.length);
  if (at + 1 < end && (bytes[at + 1]! < lo || bytes[at + 1]! > hi)) return 1;
  for (let i = at + 2; i < end; i++) if (bytes[i]! < 0x80 || bytes[i]! > 0xbf) return i - at;
  return end - at;
}

/** Offset of the first byte that does not begin a complete, well-formed sequence; `bytes.length` when every byte does. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const [len, lo, hi] = lead(b);
    if (len === 0 || wellFormedPrefix(bytes, i, len, lo, hi) < len) return i;
    i += len;
  }
  return n;
}

/** True when `bytes[at..]` is the well-formed beginning of a sequence cut off by the end of the chunk. */
export function isCutOffUtf8(bytes: Uint8Array, at: number): boolean {
  const [len, lo, hi] = lead(bytes[at]!);
  const have = bytes.length - at;
  return len > have && wellFormedPrefix(bytes, at, len, lo, hi) === have;
}

/** True when no byte in `bytes[0..end)` is above 0x7F. */
export function isAscii(bytes: Uint8Array, end = bytes.length): boolean {
  for (let i = 0; i < end; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}
