/** A record code: up to four letters, an optional mark, then digits ('C-10033', 'CL-1003', 'T-80', '10477'). */
const CODE = /^([A-Za-z]{0,4})([-_.#/:]?)(\d{1,18})$/;
/** Marks that separate several codes in one cell ('CL-1003, CL-1007', '10477;10482'). */
const LIST = /\s*[;,|]\s*/;
/** Distinct forms tracked per column; a key column has a handful, free text has none. */
const FORM_CAP = 20;

/**
 * The forms of the codes a cell holds (letters kept in upper case, each digit as 9: 'C-10033' → 'C-99999'), or null
 * when any part of it is not a code. Forms say which records a column names without keeping any value: a column of
 * 'T-80' names tickets keyed 'T-81', not deals keyed 'O-5006' nor accounts named 'Pacific Pumps Inc'.
 */
export function codeForms(value: string): string[] | null {
  const forms = new Set<string>();
  for (const item of value.split(LIST)) {
    if (!item) continue;
    const m = CODE.exec(item);
    if (!m) return null;
    forms.add(`${m[1]!.toUpperCase()}${m[2]}${'9'.repeat(m[3]!.length)}`);
  }
  return forms.size ? [...forms] : null;
}

/** Counts the code forms of a column's values: how many values are codes only, and how many values show each form. */
export class CodeTally {
  coded = 0;
  private readonly forms = new Map<string, number>();

  add(value: string): void {
    const forms = codeForms(value);
    if (!forms) return;
    this.coded++;
    for (const f of forms) if (this.forms.has(f) || this.forms.size < FORM_CAP) this.forms.set(f, (this.forms.get(f) ?? 0) + 1);
  }

  finish(): { values: number; forms: { form: string; count: number }[] } | undefined {
    if (!this.coded) return undefined;
    return { values: this.coded, forms: [...this.forms].map(([form, count]) => ({ form, count })).sort((a, b) => b.count - a.count) };
  }
}
