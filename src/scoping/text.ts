/** Lower-case letters and digits only: "E-Mail Address" and "email_address" become the same key. */
export const normaliseKey = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/** Words of a header, splitting camelCase, snake_case, spaces and punctuation: "ExpectedCloseDate" → expected, close, date. */
export const words = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Jaro-Winkler similarity of two strings, 0..1. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aHit = new Array<boolean>(a.length).fill(false);
  const bHit = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (bHit[j] || a[i] !== b[j]) continue;
      aHit[i] = bHit[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let t = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aHit[i]) continue;
    while (!bHit[j]) j++;
    if (a[i] !== b[j]) t++;
    j++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** How alike two names are, 0..1: the better of whole-key Jaro-Winkler and word overlap. */
export function nameSimilarity(a: string, b: string): number {
  const ka = normaliseKey(a);
  const kb = normaliseKey(b);
  if (!ka || !kb) return 0;
  if (ka === kb) return 1;
  const wa = new Set(words(a));
  const wb = new Set(words(b));
  const shared = [...wa].filter((w) => wb.has(w)).length;
  const dice = (2 * shared) / (wa.size + wb.size || 1);
  return Math.max(jaroWinkler(ka, kb) * 0.9, dice);
}

/**
 * The API name Freshsales derives from a custom field's label: the prefix, then the label lower-cased with anything but
 * letters, digits, "_", "-" and spaces dropped and spaces turned into "_" (hyphens survive: cf_off-loading_point).
 */
export const customFieldName = (prefix: string, label: string) =>
  prefix + label.trim().toLowerCase().replace(/[^a-z0-9_\- ]+/g, '').trim().replace(/\s+/g, '_');
