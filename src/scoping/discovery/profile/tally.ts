import { carriesBothSeparators, localeFits, NUMBER_LOCALES, readAmount, readAmountFormat } from './amounts.ts';
import { emptyTest, looksLikeFormula } from './cell.ts';
import { CodeTally } from './codes.ts';
import { candidateFormats, type DateFormat } from './date-formats.ts';
import type { HeaderHints } from './header-hints.ts';
import { ARRAY_KEY, ListTally } from './lists.ts';
import { isBooleanWord, isEmail, isFlagDigit, isUrl, isUuid, phoneShape } from './scalars.ts';
import type { ProfileHints } from './types.ts';
import { ValueCounter } from './value-counter.ts';

const DISTINCT_CAP = 1000;
const SAMPLE_CHARS = 80;

/** Per-format date counts: values matching the pattern, and those matching it but not its day/month twin. */
export interface DateTally {
  format: DateFormat;
  count: number;
  exclusive: number;
}

/** Per-locale number counts (index as NUMBER_LOCALES). */
interface LocaleTally {
  plain: number;
  marked: number;
  plainTwoDecimals: number;
}

/**
 * Everything the profiler remembers about a column: counts per candidate type and bounded value sets, never
 * the rows themselves. Each value is tested against every type once; the vote happens in classify().
 */
export class ColumnTally {
  total = 0;
  filled = 0;
  maxLength = 0;
  readonly samples: string[] = [];
  readonly values = new ValueCounter(DISTINCT_CAP);
  formulas = 0;
  /** Values with a line break or over 255 characters. */
  long = 0;
  arrays = 0;
  booleanWords = 0;
  flagDigits = 0;
  emails = 0;
  urls = 0;
  uuids = 0;
  phones = 0;
  formattedPhones = 0;
  anyDate = 0;
  readonly dates: DateTally[];
  readonly locales: LocaleTally[] = NUMBER_LOCALES.map(() => ({ plain: 0, marked: 0, plainTwoDecimals: 0 }));
  /** Values that read as a number in at least one allowed locale, with and without a currency mark. */
  numeric = 0;
  marked = 0;
  percents = 0;
  readonly currencies = new Map<string, number>();
  readonly lists: ListTally;
  readonly codes = new CodeTally();

  private readonly isEmpty: (v: string) => boolean;
  private readonly twinIndex: number[];
  /** The separators (and currency mark) of the hints' example amount. */
  readonly amountHint: ReturnType<typeof readAmountFormat>;

  constructor(
    readonly header: string,
    readonly headerHints: HeaderHints,
    readonly hints: ProfileHints,
  ) {
    this.isEmpty = emptyTest(hints.emptyMarkers);
    const formats = candidateFormats(hints.dateFormats);
    this.dates = formats.map((format) => ({ format, count: 0, exclusive: 0 }));
    this.twinIndex = formats.map((f) => formats.findIndex((g) => g.pattern === f.twin));
    this.amountHint = readAmountFormat(hints.amountFormat);
    this.lists = new ListTally(hints.multiValueSeparator);
  }

  add(value: string | string[] | undefined): void {
    this.total++;
    if (value === undefined) return;
    if (Array.isArray(value)) return this.addArray(value);
    const v = value.trim();
    if (this.isEmpty(v)) return;
    this.count(v, v);
    if (/[\r\n]/.test(v) || v.length > 255) this.long++;
    if (looksLikeFormula(v)) {
      this.formulas++; // kept as text: never tested as a number, date or anything a spreadsheet would compute
      return;
    }
    this.lists.addText(v);
    this.codes.add(v);
    this.classify(v);
  }

  private addArray(value: string[]): void {
    const items = value.map((x) => x.trim()).filter((x) => !this.isEmpty(x));
    if (!items.length) return;
    this.arrays++;
    this.count(ARRAY_KEY + items.join('\u001f'), items.join('; '));
    this.lists.addArray(items);
    this.codes.add(items.join(';'));
  }

  private count(key: string, shown: string): void {
    this.filled++;
    this.maxLength = Math.max(this.maxLength, shown.length);
    const before = this.values.distinct;
    this.values.add(key);
    if (this.values.distinct > before && this.samples.length < 3) this.samples.push(shown.slice(0, SAMPLE_CHARS));
  }

  private classify(v: string): void {
    // Every typed value is short; skipping long ones also keeps the patterns below linear-time.
    if (v.length > 255) return;
    if (isBooleanWord(v)) this.booleanWords++;
    if (isFlagDigit(v)) this.flagDigits++;
    if (isEmail(v)) this.emails++;
    if (isUrl(v)) this.urls++;
    if (isUuid(v)) this.uuids++;
    const phone = phoneShape(v);
    if (phone) {
      this.phones++;
      if (phone.formatted) this.formattedPhones++;
    }
    this.tallyDate(v);
    this.tallyNumber(v);
  }

  private tallyDate(v: string): void {
    if (v.length > 40 || !/\d{4}/.test(v) || !/^(?:\d|[A-Za-z]{3})/.test(v)) return; // every pattern has a four-digit year
    const hit = this.dates.map((d) => d.format.matches(v));
    if (!hit.includes(true)) return;
    this.anyDate++;
    hit.forEach((h, i) => {
      if (!h) return;
      this.dates[i]!.count++;
      const twin = this.twinIndex[i]!;
      if (twin < 0 || !hit[twin]) this.dates[i]!.exclusive++;
    });
  }

  private tallyNumber(v: string): void {
    const amount = readAmount(v, this.amountHint.currency);
    // A leading zero ('02134', '007') marks a code such as a postcode, not a quantity.
    if (!amount || /^0\d/.test(amount.body)) return;
    // The hint's decimal mark decides; the other one only counts when the value shows both marks ('1.299,50').
    const fits = localeFits(amount.body).map((f, i) =>
      f && (NUMBER_LOCALES[i]!.decimal === this.amountHint.decimal || carriesBothSeparators(amount.body)) ? f : null,
    );
    if (!fits.some(Boolean)) return;
    this.numeric++;
    if (amount.percent) this.percents++;
    if (amount.currency) {
      this.marked++;
      this.currencies.set(amount.currency, (this.currencies.get(amount.currency) ?? 0) + 1);
    }
    fits.forEach((f, i) => {
      if (!f) return;
      const t = this.locales[i]!;
      if (amount.currency) t.marked++;
      else {
        t.plain++;
        if (f.twoDecimals) t.plainTwoDecimals++;
      }
    });
  }
}
