import type { Block, ReportDocument } from '../document.ts';
import type { ObjectReconciliation, QuarantinedRow, Reconciliation } from './input.ts';
import { count, plural, runHeaderLine, runMeta } from './meta.ts';
import { clip, firstDifference, showValue } from './values.ts';

const written = (o: ObjectReconciliation) => o.created + o.updated;
/** Source rows no outcome accounts for: every row is quarantined, merged, written, skipped or in conflict. */
const unaccounted = (o: ObjectReconciliation) => o.sourceRows - (o.quarantined + o.merged + written(o) + o.skipped + o.conflicts);

/** What is not green, one line per finding; checks the counts against each other as well as the run's own flags. */
export function reconciliationProblems(rec: Reconciliation): string[] {
  const listed = new Map<string, number>();
  for (const q of rec.quarantine) listed.set(q.object, (listed.get(q.object) ?? 0) + 1);
  return rec.objects.flatMap((o) => {
    const out: string[] = [];
    const lost = unaccounted(o);
    if (lost > 0) out.push(`${plural(lost, 'source row is', 'source rows are')} not accounted for`);
    if (lost < 0) out.push(`the outcomes add up to ${plural(-lost, 'row', 'rows')} more than the source holds`);
    if ((listed.get(o.object) ?? 0) !== o.quarantined) out.push(`${count(o.quarantined)} counted as quarantined but ${count(listed.get(o.object) ?? 0)} listed`);
    if (o.missing) out.push(`${plural(o.missing, 'written record was', 'written records were')} not found on read-back`);
    if (o.hashMismatched) out.push(`${plural(o.hashMismatched, 'record reads', 'records read')} back with different values`);
    if (o.conflicts) out.push(`${plural(o.conflicts, 'conflict needs', 'conflicts need')} a decision`);
    if (!o.ok && !out.length) out.push('marked as failed by the run');
    return out.map((p) => `${o.object}: ${p}.`);
  });
}

function verdict(rec: Reconciliation): Block[] {
  const problems = reconciliationProblems(rec);
  const sum = (f: (o: ObjectReconciliation) => number) => count(rec.objects.reduce((n, o) => n + f(o), 0));
  if (rec.ok && !problems.length) {
    return [
      {
        kind: 'callout',
        title: 'All green',
        text:
          `Every one of the ${sum((o) => o.sourceRows)} source rows is accounted for: ${sum((o) => o.created)} created, ${sum((o) => o.updated)} updated, ` +
          `${sum((o) => o.skipped)} unchanged, ${sum((o) => o.merged)} merged into another row and ${sum((o) => o.quarantined)} quarantined (listed below). ` +
          `Every written record was read back and holds what was written.` +
          (rec.warnings?.length ? ` ${plural(rec.warnings.length, 'warning on a loaded row is', 'warnings on loaded rows are')} listed below.` : ''),
        tone: 'success',
      },
    ];
  }
  return [
    {
      kind: 'callout',
      title: 'Not all green',
      text: problems.length ? `${plural(problems.length, 'finding needs', 'findings need')} attention before sign-off.` : 'The run marked this reconciliation as failed; the tables below show its counts.',
      tone: 'warning',
    },
    ...(problems.length ? [{ kind: 'bullets', items: problems } as const] : []),
  ];
}

const charts = (rec: Reconciliation): Block[] =>
  rec.objects.map((o) => ({
    kind: 'barChart',
    caption: `${o.object} → Freshsales ${o.entity}`,
    series: ['Source rows', 'Created + updated', 'Read back', 'Quarantined'],
    groups: [{ label: o.object, values: [o.sourceRows, written(o), o.readBack, o.quarantined] }],
  }));

const num = (label: string, width = 0.8) => ({ label, width, align: 'right' as const });

/** The outcome columns of "where every source row went", in order; the long one-word labels get room to fit. */
const OUTCOMES: [string, (o: ObjectReconciliation) => number, number][] = [
  ['Source', (o) => o.sourceRows, 0.75],
  ['Quarantined', (o) => o.quarantined, 1],
  ['Merged', (o) => o.merged, 0.75],
  ['Created', (o) => o.created, 0.75],
  ['Updated', (o) => o.updated, 0.75],
  ['Skipped', (o) => o.skipped, 0.75],
  ['Conflicts', (o) => o.conflicts, 0.8],
  ['Unaccounted', unaccounted, 1.15],
];

function objectTables(rec: Reconciliation): Block[] {
  const total = (f: (o: ObjectReconciliation) => number) => count(rec.objects.reduce((n, o) => n + f(o), 0));
  return [
    {
      kind: 'table',
      caption: 'Where every source row went',
      columns: [{ label: 'Object', width: 1 }, ...OUTCOMES.map(([label, , width]) => num(label, width))],
      rows: [
        ...rec.objects.map((o) => ({
          cells: [o.object, ...OUTCOMES.map(([, f]) => count(f(o)))],
          tone: unaccounted(o) === 0 ? ('normal' as const) : ('warning' as const),
        })),
        { cells: ['Total', ...OUTCOMES.map(([, f]) => total(f))], tone: 'strong' as const },
      ],
      emptyText: 'The run held no objects.',
    },
    {
      kind: 'table',
      caption: 'Read back from Freshsales',
      columns: [{ label: 'Object', width: 1.3 }, { label: 'Freshsales', width: 1.1 }, num('Written'), num('Read back'), num('Missing'), num('Values match'), num('Values differ'), { label: 'Verdict', width: 0.7 }],
      rows: rec.objects.map((o) => ({
        cells: [o.object, o.entity, ...[written(o), o.readBack, o.missing, o.hashMatched, o.hashMismatched].map(count), o.ok ? 'ok' : 'check'],
        tone: o.ok ? ('normal' as const) : ('warning' as const),
      })),
      emptyText: 'The run held no objects.',
    },
  ];
}

const byFileAndLine = (a: Pick<QuarantinedRow, 'file' | 'line'>, b: Pick<QuarantinedRow, 'file' | 'line'>) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1);

function quarantine(rec: Reconciliation): Block[] {
  const groups = new Map<string, { object: string; column: string; rows: number }>();
  for (const q of rec.quarantine) {
    const key = `${q.object}\u0000${q.column ?? ''}`;
    const g = groups.get(key) ?? { object: q.object, column: q.column ?? '(whole row)', rows: 0 };
    g.rows++;
    groups.set(key, g);
  }
  return [
    { kind: 'heading', text: `Quarantined rows (${count(rec.quarantine.length)})`, level: 1 },
    {
      kind: 'paragraph',
      text: 'A quarantined row was kept out of Freshsales because a value could not be written as mapped. Nothing is dropped silently: every such row is listed here with the file and line it came from, the column at fault and why.',
      tone: 'muted',
    },
    ...(groups.size > 1
      ? ([
          {
            kind: 'table',
            caption: 'By object and column',
            columns: [{ label: 'Object', width: 1.2 }, { label: 'Column', width: 2 }, num('Rows')],
            rows: [...groups.values()].map((g) => ({ cells: [g.object, g.column, count(g.rows)] })),
          },
        ] satisfies Block[])
      : []),
    {
      kind: 'table',
      ...(rec.quarantine.length ? { caption: 'Every quarantined row' } : {}),
      columns: [
        { label: 'File', width: 1.5 },
        { label: 'Line', width: 0.55, align: 'right' },
        { label: 'Object', width: 0.9 },
        { label: 'Source key', width: 1.1 },
        { label: 'Column', width: 1.1 },
        { label: 'Reason', width: 3 },
      ],
      rows: [...rec.quarantine].sort(byFileAndLine).map((q) => ({
        cells: [q.file, String(q.line), q.object, clip(q.sourceKey ?? '—', 60), q.column ?? '(whole row)', clip(q.reason)],
      })),
      emptyText: 'No rows were quarantined.',
    },
  ];
}

/** Rows that loaded without something (a link whose record is missing) or with a value moved: listed, not only counted. */
function warnings(rec: Reconciliation): Block[] {
  const list = [...(rec.warnings ?? [])].sort(byFileAndLine);
  return [
    { kind: 'heading', text: `Loaded with a warning (${count(list.length)})`, level: 1 },
    {
      kind: 'paragraph',
      text: 'These rows are in Freshsales, but not quite as the export has them: a link to a record the export does not hold (or that was not loaded) was left out, or a value another record already holds was moved to another field. Each line says what to do.',
      tone: 'muted',
    },
    {
      kind: 'table',
      ...(list.length ? { caption: 'Every warning' } : {}),
      columns: [
        { label: 'File', width: 1.4 },
        { label: 'Line', width: 0.55, align: 'right' },
        { label: 'Object', width: 0.9 },
        { label: 'Column', width: 1.1 },
        { label: 'Value', width: 1 },
        { label: 'What happened', width: 3 },
      ],
      rows: list.map((w) => ({ cells: [w.file, String(w.line), w.object, w.column ?? '(whole row)', clip(w.value ?? '—', 40), clip(w.reason)] })),
      emptyText: 'None: every loaded row holds everything the export gave it.',
    },
  ];
}

function mismatches(rec: Reconciliation): Block[] {
  const rows = rec.mismatches.flatMap((m) =>
    m.fields
      .filter((f) => !f.match)
      .map((f) => {
        const expected = showValue(f.expected);
        const actual = showValue(f.actual);
        const at = firstDifference(expected, actual);
        return { cells: [m.object, clip(m.sourceKey, 60), m.destinationId, f.label, clip(expected, undefined, at), clip(actual, undefined, at)] };
      }),
  );
  return [
    { kind: 'heading', text: 'Values that differ on read-back', level: 1 },
    {
      kind: 'table',
      columns: [
        { label: 'Object', width: 0.8 },
        { label: 'Source key', width: 1 },
        { label: 'Freshsales id', width: 0.9 },
        { label: 'Field', width: 1 },
        { label: 'Written', width: 2 },
        { label: 'Read back', width: 2 },
      ],
      rows,
      emptyText: 'None: every record read back holds what was written.',
    },
  ];
}

function conflicts(rec: Reconciliation): Block[] {
  return [
    { kind: 'heading', text: 'Delta conflicts', level: 1 },
    {
      kind: 'paragraph',
      text: 'A conflict is a record changed in Freshsales after go-live that the source also changed; the delta run left it as it was for someone to decide.',
      tone: 'muted',
    },
    {
      kind: 'table',
      columns: [{ label: 'Object', width: 0.9 }, { label: 'Source key', width: 1.2 }, { label: 'Freshsales id', width: 1 }, { label: 'Reason', width: 3.5 }],
      rows: rec.conflicts.map((c) => ({ cells: [c.object, clip(c.sourceKey, 60), c.destinationId, clip(c.reason)] })),
      emptyText: rec.header.mode === 'delta' ? 'None.' : 'None: conflicts arise only in delta runs.',
    },
  ];
}

/** The reconciliation: whether every source row is accounted for and every written record reads back as written. */
export function reconciliationReport(rec: Reconciliation): ReportDocument {
  const h = rec.header;
  return {
    title: 'Reconciliation',
    subtitle: `${h.scopeName}: ${h.mode} run into Freshsales`,
    meta: runMeta(h),
    header: runHeaderLine('Reconciliation', h),
    blocks: [
      { kind: 'heading', text: 'Verdict', level: 1 },
      ...verdict(rec),
      { kind: 'heading', text: 'Objects', level: 1 },
      ...charts(rec),
      ...objectTables(rec),
      ...quarantine(rec),
      ...warnings(rec),
      ...mismatches(rec),
      ...conflicts(rec),
    ],
  };
}
