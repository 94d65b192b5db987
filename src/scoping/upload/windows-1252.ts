// Windows-1252 = Latin-1 except 0x80–0x9F. TextDecoder('windows-1252') on Node ≥ 20.18.3 and on workerd decodes that
// range as Latin-1 C1 controls (nodejs/node#60888, cloudflare/workerd#6027), so the range is mapped here afterwards;
// the mapping is a no-op where the runtime already gets it right.

/** Windows-1252 characters for bytes 0x80–0x9F; '' marks the five bytes the code page leaves undefined. */
const HIGH = '€\u0000‚ƒ„…†‡ˆ‰Š‹Œ\u0000Ž\u0000\u0000‘’“”•–—˜™š›œ\u0000žŸ'.split('').map((c) => (c === '\u0000' ? '' : c));

/** Offset of the first byte Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D), or -1. */
export function firstUndefined1252(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x81 && b <= 0x9d && HIGH[b - 0x80] === '') return i;
  }
  return -1;
}

const decoder = new TextDecoder('windows-1252');

/** Decodes bytes already checked with firstUndefined1252. */
export function decode1252(bytes: Uint8Array): string {
  return decoder.decode(bytes).replace(/[\u0080-\u009f]/g, (c) => HIGH[c.charCodeAt(0) - 0x80]!);
}
