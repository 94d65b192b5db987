import type { Block, ReportDocument } from '../document.ts';
import { customFieldUse } from '../../scoping/mapping/quota.ts';
import { reportHeader, reportMeta, type ScopeReportInput } from './input.ts';

/** Blocks of the setup checklist; the scope document repeats them in its own section. */
export function setupBlocks(r: ScopeReportInput): Block[] {
  const c = r.checklist;
  if (!c || !r.mapping) return [{ kind: 'paragraph', text: 'No mapping yet: upload the export files to see what Freshsales needs.', tone: 'muted' }];
  const plan = r.ctx.destination.plans.find((p) => p.id === r.ctx.plan)!;
  const quota = customFieldUse(r.mapping, plan);
  return [
    { kind: 'heading', text: 'Custom fields to create', level: 2 },
    {
      kind: 'paragraph',
      text: `Freshsales' public API cannot create custom fields on contacts, accounts or deals, so an admin adds these in Admin Settings before the first load. Use exactly the label given: Freshsales derives the API name from it.`,
    },
    {
      kind: 'table',
      columns: [
        { label: 'Object', width: 1.3 },
        { label: 'Label', width: 1.6 },
        { label: 'API name', width: 2 },
        { label: 'Type', width: 1.1 },
        { label: 'Choices', width: 2 },
        { label: 'Fed by', width: 1.6 },
      ],
      rows: c.customFields.map((f) => ({
        cells: [f.object, f.label, f.name, f.type, f.choices.length ? f.choices.join(', ') : '—', f.feeds.join(', ')],
      })),
      emptyText: 'No custom fields are needed.',
    },
    ...(c.customModules.length
      ? ([
          { kind: 'heading', text: 'Custom modules to create', level: 2 },
          {
            kind: 'paragraph',
            text: 'Each object the customer defined in the source becomes a custom module of its own name (Admin Settings → Custom modules), with the fields below; Ferry finds each module by that name.',
          },
          {
            kind: 'table',
            columns: [{ label: 'Module', width: 1.2 }, { label: 'Fields (label, type)', width: 3.2 }, { label: 'Why', width: 1.6 }],
            rows: c.customModules.map((m) => ({ cells: [m.name, m.fields.map((f) => `${f.label} (${f.type}${f.choices.length ? `: ${f.choices.join(', ')}` : ''})`).join('; '), m.reason] })),
          },
        ] satisfies Block[])
      : []),
    { kind: 'heading', text: 'Custom field quota', level: 3 },
    {
      kind: 'table',
      columns: [{ label: 'Object', width: 1 }, { label: 'Kind', width: 1 }, { label: 'Created', width: 0.7, align: 'right' }, { label: `${plan.label} limit`, width: 0.8, align: 'right' }],
      rows: quota.map((u) => ({ cells: [u.object, u.bucket.replace('_', ' '), String(u.used), String(u.limit)], tone: u.used > u.limit ? 'warning' : 'normal' })),
      emptyText: 'No custom fields are created.',
    },
    { kind: 'heading', text: 'Pipelines and stages', level: 2 },
    {
      kind: 'table',
      columns: [{ label: 'Pipeline', width: 1 }, { label: 'Stages', width: 2.5 }, { label: 'Why', width: 1.5 }],
      rows: c.pipelines.map((p) => ({ cells: [p.name, p.stages.join(' → '), p.reason] })),
      emptyText: 'No deal stages are mapped.',
    },
    ...(c.lifecycle.length
      ? ([
          { kind: 'heading', text: 'Lifecycle stages and contact statuses used', level: 3 },
          { kind: 'table', columns: [{ label: 'Lifecycle stage', width: 1 }, { label: 'Statuses', width: 2 }], rows: c.lifecycle.map((l) => ({ cells: [l.stage, l.statuses.join(', ') || '—'] })) },
        ] satisfies Block[])
      : []),
    ...(c.choices.length
      ? ([
          { kind: 'heading', text: 'Dropdown choices to add', level: 3 },
          { kind: 'table', columns: [{ label: 'Field', width: 1 }, { label: 'Values', width: 3 }], rows: c.choices.map((x) => ({ cells: [x.field, x.values.join(', ')] })) },
        ] satisfies Block[])
      : []),
    { kind: 'heading', text: 'Users to invite', level: 2 },
    {
      kind: 'table',
      columns: [{ label: 'Email', width: 2 }, { label: 'Role', width: 1 }, { label: 'Records owned', width: 1, align: 'right' }],
      rows: c.users.map((u) => ({ cells: [u.email, u.role === 'fallback' ? 'fallback owner' : 'record owner', String(u.owns)] })),
      emptyText: 'No owners found yet.',
    },
  ];
}

/** The setup checklist: what an admin creates in Freshsales before the migration loads anything. */
export function setupReport(r: ScopeReportInput): ReportDocument {
  return {
    title: 'Freshsales setup checklist',
    subtitle: `${r.ctx.source.name} → ${r.ctx.destination.name} for ${r.scope.name}`,
    meta: reportMeta(r),
    header: reportHeader('Setup checklist', r),
    blocks: [
      {
        kind: 'callout',
        title: 'Before the first load',
        text: 'Create everything below, then run preflight: it reads the live account and lists anything still missing or over the plan quota.',
        tone: 'info',
      },
      ...setupBlocks(r),
    ],
  };
}
