import type { SOURCE_FIELD_TYPES } from '../../../../rules/schema/platform.ts';

export type SourceFieldType = (typeof SOURCE_FIELD_TYPES)[number];

/** What the platform's export channel says about its files; steers the profiler where values alone are ambiguous. */
export interface ProfileHints {
  /** Patterns such as 'MM/DD/YYYY' or 'YYYY-MM-DD HH:mm:ss'; tried before the common forms, so they win ties. */
  dateFormats: string[];
  /** IANA zone of naive (offset-less) date-times in the export. */
  timeZone: string;
  multiValueSeparator?: string;
  /** An example amount such as '$1,299.00' or '1.299,00 €': its separators win when values are ambiguous. */
  amountFormat?: string;
  /** Extra cell values that mean "no value", on top of the usual '', 'N/A', 'NULL', '-' and zero dates. */
  emptyMarkers?: string[];
}

export interface ColumnProfile {
  type: SourceFieldType;
  /** 0..1: the share of non-empty values that fit the type. */
  confidence: number;
  /** One sentence on why, e.g. "412 of 415 values are dates in MM/DD/YYYY". */
  evidence: string;
  filled: number;
  total: number;
  /** filled / total, 0 when total is 0. */
  fillRate: number;
  /** Distinct non-empty values, counted up to a cap. */
  distinct: number;
  distinctCapped: boolean;
  /** Up to 3 distinct non-empty values, each cut to 80 characters. */
  samples: string[];
  maxLength: number;
  /** date/datetime: the pattern the values use, e.g. 'MM/DD/YYYY hh:mm A' or 'YYYY-MM-DDTHH:mm:ssZ'. */
  format?: string;
  /** datetime: 'offset' when values carry their own offset or Z, else the hints' zone (naive local time). */
  timeZone?: string;
  /** money and number: the separators (and currency) the values use. */
  money?: { currency?: string; decimal: '.' | ','; thousands: ',' | '.' | ' ' | '' };
  /** multi_value: the separator between items (absent when the values arrived as JSON arrays). */
  separator?: string;
  /** picklist and multi_value: values (items) with counts, most frequent first, at most 300. */
  choices?: { value: string; count: number }[];
  /** Every non-empty value is distinct (as far as the distinct cap lets us see). */
  unique: boolean;
  /**
   * Values shaped like record codes ('C-10033', 'CL-1003, CL-1007'): how many values hold codes only, and the forms
   * seen (letters kept, digits as 9), most frequent first. Absent when no value is a code. Relationships compare a link
   * column's forms with each candidate key column's to see which records it names.
   */
  codes?: { values: number; forms: { form: string; count: number }[] };
}

export interface ColumnProfiler {
  /** One cell: undefined when the row has no such cell, string[] when it arrived as a JSON array. */
  add(value: string | string[] | undefined): void;
  finish(): ColumnProfile;
}
