import type { Block, ReportDocument } from '../document.ts';
import type { FieldDiff, SampleDiff } from './input.ts';
import { count, runHeaderLine, runMeta } from './meta.ts';
import { clip, firstDifference, MAX_CELL, showValue } from './values.ts';

type DiffRecord = SampleDiff['records'][number];

const recordName = (r: DiffRecord) => `${r.object} ${r.sourceKey}`;
/** Names at most `max` items and says how many more there are. */
const someOf = (items: string[], max = 10) => (items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', '));

/** One field as a table row; a mismatch cuts expected and actual around their first difference, so it stays visible. */
function fieldRow(f: FieldDiff) {
  const expected = showValue(f.expected);
  const actual = showValue(f.actual);
  const at = f.match ? 0 : firstDifference(expected, actual);
  return {
    cells: [f.column ? `${f.label}\n← ${f.column}` : f.label, clip(showValue(f.source)), clip(expected, undefined, at), clip(actual, undefined, at), f.match ? '✓' : '✗'],
    tone: f.match ? ('normal' as const) : ('warning' as const),
  };
}

function recordBlocks(r: DiffRecord): Block[] {
  const differing = r.fields.filter((f) => !f.match);
  return [
    { kind: 'heading', text: recordName(r), level: 2 },
    {
      kind: 'paragraph',
      text: `${r.file} line ${r.line} → Freshsales ${r.entity} ${r.destinationId ?? '(not found in Freshsales)'}`,
      tone: r.destinationId === null ? 'warning' : 'muted',
    },
    ...(differing.length
      ? [{ kind: 'paragraph', text: `${differing.length} of ${r.fields.length} fields differ: ${differing.map((f) => f.label).join(', ')}.`, tone: 'warning' } as const]
      : []),
    {
      kind: 'table',
      columns: [
        { label: 'Field', width: 1.3 },
        { label: 'Source value', width: 1.8 },
        { label: 'Expected in Freshsales', width: 1.8 },
        { label: 'Actual in Freshsales', width: 1.8 },
        { label: 'Match', width: 0.55 },
      ],
      rows: r.fields.map(fieldRow),
      emptyText: 'No mapped fields.',
    },
  ];
}

function verdict(diff: SampleDiff): Block {
  const s = diff.summary;
  const withMismatch = diff.records.filter((r) => r.fields.some((f) => !f.match)).map(recordName);
  const notFound = diff.records.filter((r) => r.destinationId === null).map(recordName);
  if (s.mismatches === 0 && notFound.length === 0) {
    return {
      kind: 'callout',
      title: 'Every field matches',
      text: `All ${count(s.fields)} fields of the ${count(s.records)} sample records, read back from Freshsales, hold what the mapping meant to write.`,
      tone: 'success',
    };
  }
  const parts = [
    ...(s.mismatches ? [`${count(s.mismatches)} of ${count(s.fields)} fields differ, in ${someOf(withMismatch)}.`] : []),
    ...(notFound.length ? [`Not found in Freshsales: ${someOf(notFound)}.`] : []),
  ];
  return { kind: 'callout', title: 'Differences to review before the full run', text: parts.join(' '), tone: 'warning' };
}

/** The sample run's field-by-field proof: per record, each field's source value, what Ferry wrote and what Freshsales holds. */
export function sampleDiffReport(diff: SampleDiff): ReportDocument {
  const h = diff.header;
  const s = diff.summary;
  return {
    title: 'Sample run: field by field',
    subtitle: `${h.scopeName}: ${count(s.records)} records written to Freshsales and read back`,
    meta: runMeta(h),
    header: runHeaderLine('Sample diff', h),
    blocks: [
      { kind: 'heading', text: 'Summary', level: 1 },
      verdict(diff),
      {
        kind: 'keyValue',
        rows: [
          { label: 'Records compared', value: count(s.records) },
          { label: 'Fields compared', value: count(s.fields) },
          { label: 'Fields that differ', value: count(s.mismatches) },
        ],
      },
      {
        kind: 'paragraph',
        text: `Each table shows the value in the export, the value the mapping turns it into, and the value Freshsales returned when the record was read back. Values longer than ${MAX_CELL} characters are cut (…); a cut mismatch keeps the place where the values part in view.`,
        tone: 'muted',
      },
      { kind: 'heading', text: 'Records', level: 1 },
      ...(diff.records.length ? diff.records.flatMap(recordBlocks) : [{ kind: 'paragraph', text: 'The sample held no records.', tone: 'muted' } as const]),
    ],
  };
}
