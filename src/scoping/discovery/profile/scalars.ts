const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 'y', 'n', 'checked', 'unchecked']);

export const isBooleanWord = (v: string) => BOOLEAN_WORDS.has(v.toLowerCase());
/** 1/0 count as a flag only when the header says the column is one; elsewhere they are numbers. */
export const isFlagDigit = (v: string) => v === '1' || v === '0';

export const isEmail = (v: string) => /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[A-Za-z]{2,}$/.test(v);

export const isUrl = (v: string) => /^(?:https?:\/\/\S+|www\.\S+\.\S+)$/i.test(v);

export const isUuid = (v: string) => /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i.test(v);

/**
 * Whether a value is shaped like a phone number: 7–15 digits among + ( ) - . / and spaces, with an optional extension.
 * `formatted` when it could not be a plain number: a leading +, brackets, or two or more separator runs.
 */
export function phoneShape(v: string): { formatted: boolean } | null {
  const m = /^(\+)?([\d\s().\-/]+?)(?:\s*(?:x|ext\.?|extension|#)\s*\d{1,6})?$/i.exec(v);
  if (!m) return null;
  const digits = m[2]!.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return null;
  const runs = m[2]!.trim().match(/[\s().\-/]+/g)?.length ?? 0;
  return { formatted: m[1] === '+' || m[2]!.includes('(') || runs >= 2 };
}
