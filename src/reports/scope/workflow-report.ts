import type { Block, ReportDocument } from '../document.ts';
import { reportHeader, reportMeta, type ScopeReportInput } from './input.ts';

const VERDICT = { rebuild: 'Rebuild in Freshsales', partial: 'Rebuild in part', no_equivalent: 'No equivalent: rebuild by hand' } as const;

/** The workflow inventory: every source automation with the Freshsales trigger and actions that replace it, or why none can. */
export function workflowReport(r: ScopeReportInput): ReportDocument {
  const counts = { rebuild: 0, partial: 0, no_equivalent: 0 };
  for (const w of r.workflows) counts[w.verdict]++;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `Automations never migrate as data: each one below is rebuilt in Freshsales by hand. ${r.workflows.length} workflows were described: ${counts.rebuild} rebuild fully, ${counts.partial} in part, ${counts.no_equivalent} have no Freshsales equivalent.`,
    },
  ];
  if (!r.workflows.length)
    blocks.push({ kind: 'callout', title: 'No workflows described yet', text: 'Upload the customer\'s automation list ("workflows" in discovery) to get a rebuild plan per workflow.', tone: 'warning' });
  for (const a of r.workflows) {
    const w = a.workflow;
    blocks.push(
      { kind: 'heading', text: w.name, level: 3 },
      {
        kind: 'keyValue',
        rows: [
          { label: 'Object', value: w.object || '—' },
          { label: 'Trigger', value: w.trigger },
          { label: 'Conditions', value: w.conditions || 'none' },
          { label: 'Verdict', value: VERDICT[a.verdict] },
          { label: 'Described in', value: `${w.file}, line ${w.line}` },
        ],
      },
      {
        kind: 'table',
        columns: [{ label: 'Step', width: 0.7 }, { label: `In ${r.ctx.source.name}`, width: 1.8 }, { label: 'Freshsales equivalent', width: 1.6 }, { label: 'How / why', width: 2.6 }],
        rows: [
          { cells: ['Trigger', w.trigger, a.trigger.freshsales ?? 'none', a.trigger.advice], tone: a.trigger.freshsales && a.trigger.planOk ? 'normal' : 'warning' },
          ...a.actions.map((s, i) => ({ cells: [`Action ${i + 1}`, s.source, s.freshsales ?? 'none', s.advice], tone: s.freshsales && s.planOk ? ('normal' as const) : ('warning' as const) })),
        ],
      },
    );
  }
  const inventoried = r.ctx.pair.notMigrated;
  if (inventoried.length)
    blocks.push(
      { kind: 'heading', text: 'Also rebuilt or handed over by hand', level: 2 },
      {
        kind: 'table',
        columns: [{ label: 'Item', width: 1.2 }, { label: 'Why', width: 3 }, { label: 'Handling', width: 1 }],
        rows: inventoried.map((n) => ({ cells: [n.item, n.reason, n.handling === 'inventory' ? 'inventory' : 'not portable'] })),
      },
    );
  return { title: 'Workflow inventory', subtitle: `${r.ctx.source.name} automations and their Freshsales rebuild`, meta: reportMeta(r), header: reportHeader('Workflows', r), blocks };
}
