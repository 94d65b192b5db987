import type { Block, ReportDocument } from '../document.ts';
import { describeTarget } from '../../scoping/mapping/questions.ts';
import { pct, reportHeader, reportMeta, type ScopeReportInput } from './input.ts';
import { setupBlocks } from './setup-report.ts';

const money = (currency: string, n: number) => `${currency} ${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');

function overview(r: ScopeReportInput): Block[] {
  const q = r.quote;
  return [
    { kind: 'heading', text: 'Overview', level: 1 },
    { kind: 'paragraph', text: r.ctx.pair.summary },
    {
      kind: 'keyValue',
      rows: [
        { label: 'Compatibility', value: `${q.compatibility.oneToOne} of ${q.compatibility.total} object types map 1:1 (${q.compatibility.percent}%)` },
        { label: 'Overall grade', value: `${q.grades.overall.grade} · ${q.grades.overall.label}: ${q.grades.overall.reason}` },
        { label: 'Timeline', value: `${q.timeline.calendar.minDays}–${q.timeline.calendar.maxDays} calendar days` },
        { label: 'Price', value: q.price.total === null ? 'scoped individually' : money(q.price.currency, q.price.total) },
        { label: 'Records in the uploaded exports', value: r.inventory.map((o) => `${o.object} ${o.rows.toLocaleString('en-US')}`).join(', ') || 'none uploaded yet' },
      ],
    },
    {
      kind: 'table',
      caption: 'Complexity grades',
      columns: [{ label: 'Dimension', width: 1.2 }, { label: 'Grade', width: 0.5 }, { label: 'Why', width: 4 }],
      rows: q.grades.dimensions.map((d) => ({ cells: [d.label, d.grade, d.reason] })),
    },
  ];
}

function objectMap(r: ScopeReportInput): Block[] {
  return [
    { kind: 'heading', text: 'Object mapping', level: 1 },
    {
      kind: 'table',
      columns: [
        { label: r.ctx.source.name, width: 1.2 },
        { label: 'Freshsales', width: 1.3 },
        { label: 'Fit', width: 0.6 },
        { label: 'Handling', width: 0.8 },
        { label: 'How', width: 3.4 },
      ],
      rows: r.ctx.pair.rows.map((row) => ({
        cells: [row.source.label, row.destination.label, row.cardinality, row.handling.replace('_', ' '), row.transformation],
        tone: row.handling === 'migrate' ? 'normal' : 'muted',
      })),
    },
  ];
}

function discovered(r: ScopeReportInput): Block[] {
  return [
    { kind: 'heading', text: 'Discovered data', level: 2 },
    {
      kind: 'table',
      columns: [
        { label: 'File', width: 1.7 },
        { label: 'Holds', width: 1.3 },
        { label: 'Rows', width: 0.7, align: 'right' },
        { label: 'Cols', width: 0.55, align: 'right' },
        { label: 'Format', width: 1.3 },
        { label: 'Recognised', width: 2.4 },
      ],
      rows: r.files.map((f) => ({
        cells: [
          f.name,
          f.object,
          f.rows.toLocaleString('en-US'),
          String(f.columns.length),
          f.kind === 'export' ? `${f.format}${f.delimiter ? ` '${f.delimiter === '\t' ? 'tab' : f.delimiter}'` : ''}, ${f.encoding}` : 'declared',
          `${pct(f.recognition.confidence)}: ${f.recognition.reason}`,
        ],
      })),
      emptyText: 'No export files uploaded yet.',
    },
  ];
}

function fieldMaps(r: ScopeReportInput): Block[] {
  if (!r.mapping) return [];
  const blocks: Block[] = [{ kind: 'heading', text: 'Field mapping', level: 1 }];
  for (const o of r.mapping.objects) {
    const inv = r.inventory.find((i) => i.object === o.sourceObject);
    blocks.push(
      { kind: 'heading', text: `${r.ctx.source.name} ${o.sourceObject} → Freshsales ${o.destinationObject}`, level: 2 },
      {
        kind: 'table',
        caption: `${o.rows.toLocaleString('en-US')} rows from ${o.files.join(', ')}`,
        columns: [
          { label: 'Column', width: 1.4 },
          { label: 'Type · fill', width: 1.1 },
          { label: 'Freshsales', width: 1.9 },
          { label: 'Conf.', width: 0.55, align: 'right' },
          { label: 'Why', width: 2.8 },
        ],
        rows: o.fields.map((f) => {
          const p = inv?.columns.find((c) => c.header === f.column)?.profile;
          return {
            cells: [
              f.column,
              `${f.sourceType}${p && p.total ? ` · ${pct(p.fillRate)}` : ''}`,
              describeTarget(o.destinationObject, f.target),
              pct(f.confidence),
              // The first reason is the deciding one; the JSON model and the mapping endpoint carry them all.
              `${f.confirmed ? 'Confirmed by an engineer. ' : ''}${f.reasons[0] ?? ''}`,
            ],
            tone: f.target.kind === 'ignore' ? 'muted' : !f.confirmed && f.confidence < 0.6 ? 'warning' : 'normal',
          };
        }),
      },
    );
  }
  return blocks;
}

function valueMaps(r: ScopeReportInput): Block[] {
  if (!r.mapping?.valueMaps.length) return [];
  const kept = r.mapping.valueMaps.filter((m) => m.entries.every((e) => e.target === e.source));
  const decided = r.mapping.valueMaps.filter((m) => !kept.includes(m));
  return [
    { kind: 'heading', text: 'Value maps', level: 1 },
    ...(kept.length
      ? ([
          {
            kind: 'table',
            caption: 'Kept as they are (each value becomes the same Freshsales choice)',
            columns: [{ label: 'Column', width: 1.2 }, { label: 'Freshsales field', width: 1.4 }, { label: 'Values', width: 3.6 }],
            rows: kept.map((m) => ({ cells: [m.column, m.target, m.entries.map((e) => `${e.source} (${e.count})`).join(', ')] })),
          },
        ] satisfies Block[])
      : []),
    ...decided.flatMap((m): Block[] => [
      { kind: 'heading', text: `${m.column} → ${m.target}`, level: 3 },
      {
        kind: 'table',
        columns: [{ label: 'Source value', width: 1.5 }, { label: 'Records', width: 0.7, align: 'right' }, { label: 'Freshsales value', width: 1.5 }, { label: 'Why', width: 2.5 }],
        rows: m.entries.map((e) => ({
          cells: [e.source, String(e.count), e.target ?? 'UNDECIDED', `${e.confirmed ? 'confirmed; ' : ''}${e.reason}`],
          tone: e.target === null ? 'warning' : 'normal',
        })),
        emptyText: 'No values seen.',
      },
    ]),
  ];
}

function owners(r: ScopeReportInput): Block[] {
  if (!r.mapping) return [];
  const o = r.mapping.owners;
  return [
    { kind: 'heading', text: 'Owner plan', level: 1 },
    { kind: 'paragraph', text: `Records whose owner cannot be resolved go to ${o.fallbackOwnerEmail ?? 'a fallback owner not chosen yet'}.`, tone: o.fallbackOwnerEmail ? 'normal' : 'warning' },
    {
      kind: 'table',
      columns: [{ label: 'Owner in the export', width: 1.7 }, { label: 'Records', width: 0.6, align: 'right' }, { label: 'Freshsales user', width: 1.7 }, { label: 'Resolution', width: 0.8 }, { label: 'Seen in', width: 2.2 }],
      rows: o.owners.map((x) => ({ cells: [x.source, String(x.count), x.email ?? '—', x.resolution, x.seenIn.join('; ')], tone: x.resolution === 'unresolved' ? 'warning' : 'normal' })),
      emptyText: 'No owner columns found.',
    },
    { kind: 'heading', text: 'Relationship keys', level: 2 },
    {
      kind: 'table',
      columns: [{ label: 'Records', width: 1 }, { label: 'Find their', width: 1 }, { label: 'By', width: 0.5 }, { label: 'How', width: 3 }],
      rows: r.mapping.relationships.map((x) => ({ cells: [x.from.row, x.to.row, x.via ?? '?', x.description], tone: x.via ? 'normal' : 'warning' })),
      emptyText: 'No relationships between the uploaded objects.',
    },
  ];
}

function questionsAndLimits(r: ScopeReportInput): Block[] {
  return [
    { kind: 'heading', text: 'Open questions', level: 1 },
    {
      kind: 'table',
      columns: [{ label: 'Topic', width: 0.8 }, { label: 'About', width: 1.5 }, { label: 'Question', width: 4 }, { label: 'Blocks approval', width: 0.8 }],
      rows: r.questions.map((q) => ({ cells: [q.topic, q.subject, q.question, q.blocking ? 'yes' : 'no'], tone: q.blocking ? 'warning' : 'normal' })),
      emptyText: 'None: every column, value, owner and relationship is settled.',
    },
    { kind: 'heading', text: 'What does not migrate', level: 1 },
    {
      kind: 'table',
      columns: [{ label: 'Item', width: 1.3 }, { label: 'Why', width: 3.5 }, { label: 'Handling', width: 0.9 }],
      rows: r.ctx.pair.notMigrated.map((n) => ({ cells: [n.item, n.reason, n.handling === 'inventory' ? 'inventory' : 'not portable'] })),
      emptyText: 'Everything in the pair card migrates.',
    },
  ];
}

function approach(r: ScopeReportInput): Block[] {
  const phases = r.quote.timeline.phases;
  let at = 0;
  const bars = phases.map((p) => {
    const bar = { label: p.title, start: at, end: at + p.minDays, endMax: at + p.maxDays, tone: p.kind === 'load' || p.kind === 'extract' ? ('critical' as const) : ('normal' as const) };
    at += p.minDays;
    return bar;
  });
  const api = r.quote.timeline.api;
  return [
    { kind: 'heading', text: 'Approach and timeline', level: 1 },
    { kind: 'gantt', caption: 'Phases in calendar days (lighter tail: the upper estimate)', unit: 'days', bars },
    {
      kind: 'table',
      columns: [{ label: 'Phase', width: 1.5 }, { label: 'Days', width: 0.8, align: 'right' }, { label: 'Basis', width: 3 }],
      rows: phases.map((p) => ({ cells: [p.title, p.minDays === p.maxDays ? String(p.minDays) : `${p.minDays}–${p.maxDays}`, p.basis] })),
    },
    {
      kind: 'paragraph',
      text: `API budget: ${(api.sourceCalls + api.destinationCalls).toLocaleString('en-US')} calls (${api.sourceCalls.toLocaleString('en-US')} to ${r.ctx.source.name}, ${api.destinationCalls.toLocaleString('en-US')} to ${r.ctx.destination.name}); transfer takes ${api.transferHours} hours. ${api.binding.description} (${api.binding.limit}).`,
      tone: 'muted',
    },
  ];
}

function price(r: ScopeReportInput): Block[] {
  const p = r.quote.price;
  return [
    { kind: 'heading', text: 'Price', level: 1 },
    p.total === null
      ? { kind: 'paragraph', text: `Scoped individually: ${p.reason}` }
      : {
          kind: 'table',
          columns: [{ label: 'Line', width: 4 }, { label: 'Amount', width: 1, align: 'right' }],
          rows: [...p.lines.map((l) => ({ cells: [l.label, money(p.currency, l.amount)] })), { cells: ['Total', money(p.currency, p.total)], tone: 'strong' as const }],
        },
    { kind: 'heading', text: 'Assumptions', level: 2 },
    { kind: 'bullets', items: [...r.quote.assumptions, ...r.quote.warnings] },
  ];
}

function approval(r: ScopeReportInput): Block[] {
  const v = r.version;
  return [
    { kind: 'heading', text: 'Approval', level: 1 },
    v && (v.status === 'approved' || v.status === 'signed_off')
      ? { kind: 'callout', title: v.status === 'signed_off' ? 'Approved and signed off' : 'Approved, awaiting customer sign-off', text: `Version ${v.version} is frozen; any change creates a new version that needs its own approval.`, tone: 'success' }
      : { kind: 'callout', title: 'Draft: not approved', text: 'This document describes a version that has not been approved. It can still change.', tone: 'warning' },
    {
      kind: 'keyValue',
      rows: [
        { label: 'Version', value: v ? String(v.version) : '—' },
        { label: 'Content hash', value: v?.hash ?? '—' },
        { label: 'Approved by', value: v?.approvedBy ? `${v.approvedBy} on ${when(v.approvedAt)}` : '—' },
        { label: 'Signed off by', value: v?.signedOffBy ? `${v.signedOffBy} on ${when(v.signedOffAt)}` : '—' },
      ],
    },
  ];
}

/** The scope document: everything a customer signs and an engineer runs, in one PDF. */
export function scopeReport(r: ScopeReportInput): ReportDocument {
  return {
    title: `Migration scope: ${r.scope.name}`,
    subtitle: `${r.ctx.source.name} → ${r.ctx.destination.name}, ${r.ctx.plan} plan`,
    meta: reportMeta(r),
    header: reportHeader('Scope', r),
    blocks: [
      ...overview(r),
      ...objectMap(r),
      ...discovered(r),
      ...fieldMaps(r),
      ...valueMaps(r),
      ...owners(r),
      ...questionsAndLimits(r),
      { kind: 'heading', text: 'Freshsales setup', level: 1 },
      ...setupBlocks(r),
      ...approach(r),
      ...price(r),
      ...approval(r),
    ],
  };
}
