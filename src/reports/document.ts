/**
 * A report as plain data: what to say, not how it looks. The scoping engine and the runner build these;
 * src/reports/pdf/render.ts is the one place that turns them into pages.
 */
export interface ReportDocument {
  title: string;
  subtitle?: string;
  /** Shown under the title (customer, scope id, version, generated at…). */
  meta: { label: string; value: string }[];
  /** Short running header on every page after the first, e.g. "Scope · Acme · v3". */
  header: string;
  blocks: Block[];
}

export type Tone = 'normal' | 'muted' | 'warning';

export type Block =
  | { kind: 'heading'; text: string; level: 1 | 2 | 3 }
  | { kind: 'paragraph'; text: string; tone?: Tone }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'keyValue'; rows: { label: string; value: string }[] }
  | {
      kind: 'table';
      caption?: string;
      /** width is a relative weight; the columns share the content width in proportion. */
      columns: { label: string; width: number; align?: 'left' | 'right' }[];
      rows: { cells: string[]; tone?: Tone | 'strong' }[];
      /** Shown in place of the rows when there are none. */
      emptyText?: string;
    }
  | {
      kind: 'gantt';
      caption?: string;
      unit: 'days' | 'hours';
      /** endMax is an optional range tail, drawn lighter from end to endMax. */
      bars: { label: string; start: number; end: number; endMax?: number; tone?: 'normal' | 'muted' | 'critical' }[];
    }
  | { kind: 'barChart'; caption?: string; series: string[]; groups: { label: string; values: number[] }[] }
  | { kind: 'callout'; title: string; text: string; tone: 'info' | 'warning' | 'success' }
  | { kind: 'pageBreak' };
