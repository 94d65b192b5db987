import { words } from '../../text.ts';

export interface NameMatch {
  how: 'exact' | 'stem' | 'object';
  /** The known file name (or object id) the file name matched. */
  name: string;
}

/** 'contacts' and 'contact' are one word here; short words keep their s ('sms', 'gps'). */
const singular = (w: string) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);

/** The words of a file name without folder, extension or numbers: 'exports/Contacts_2024-06 (1).csv' → contact. */
function stem(fileName: string): string[] {
  const base = fileName.split(/[\\/]/).at(-1) ?? '';
  const noExt = base.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return words(noExt)
    .filter((w) => !/^\d+$/.test(w))
    .map(singular);
}

const containsRun = (hay: string[], needle: string[]) =>
  needle.length > 0 && hay.some((_, i) => needle.every((w, j) => hay[i + j] === w));

/**
 * How a file name relates to an object's export: one of its known names exactly (ignoring case), the same words
 * around dates, copies and prefixes ('kartra_contacts_2024-06.csv' ~ 'contacts.csv'), or the object's own name.
 */
export function matchFileName(fileName: string, knownNames: string[], objectId: string): NameMatch | null {
  const base = (fileName.split(/[\\/]/).at(-1) ?? '').toLowerCase();
  const exact = knownNames.find((n) => n.toLowerCase() === base);
  if (exact) return { how: 'exact', name: exact };
  const tokens = stem(fileName);
  const joined = tokens.join('');
  const similar = knownNames.find((n) => {
    const known = stem(n);
    return containsRun(tokens, known) || (known.length > 0 && known.join('') === joined);
  });
  if (similar) return { how: 'stem', name: similar };
  return containsRun(tokens, stem(objectId)) ? { how: 'object', name: objectId } : null;
}
