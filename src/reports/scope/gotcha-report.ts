import { GOTCHA_SEVERITIES } from '../../../rules/schema/estimator.ts';
import type { Block, ReportDocument } from '../document.ts';
import { words } from '../../scoping/text.ts';
import { reportHeader, reportMeta, type ScopeReportInput } from './input.ts';

interface Entry {
  severity: string;
  title: string;
  explanation: string;
  mitigation: string;
  origin: string;
  applies: string;
}

/**
 * Every gotcha that can bite this migration: those the quote's rules fired for this customer's numbers, the pair's
 * challenges, and both platforms' gotchas — each marked by whether this scope triggers it.
 */
export function gotchaEntries(r: ScopeReportInput): Entry[] {
  const present = new Set(
    r.inventory.flatMap((o) => [o.object, ...words(r.ctx.source.objects.find((x) => x.id === o.object)?.label ?? '')]).map((w) => w.toLowerCase()),
  );
  const mentions = (text: string) => words(text).some((w) => present.has(w) || present.has(w.replace(/s$/, '')));
  // A fired rule names the platform gotcha it is about, e.g. "freshsales:custom-modules-enterprise-only".
  const fired = new Set(r.quote.gotchas.map((g) => g.ref).filter((x): x is string => !!x));
  const applies = (byRule: boolean, text: string) =>
    byRule ? 'yes: fired by this scope’s figures' : mentions(text) ? 'likely: concerns data in this scope' : 'check';
  const out: Entry[] = r.quote.gotchas.map((g) => ({
    severity: g.severity,
    title: g.title,
    explanation: g.explanation,
    mitigation: g.mitigation,
    origin: g.origin === 'rule' ? 'this quote' : `${r.ctx.source.name} → ${r.ctx.destination.name}`,
    applies: applies(g.origin === 'rule', `${g.title} ${g.explanation}`),
  }));
  for (const platform of [r.ctx.source, r.ctx.destination])
    for (const g of platform.gotchas)
      out.push({
        severity: g.severity,
        title: g.title,
        explanation: g.explanation,
        mitigation: g.mitigation,
        origin: platform.name,
        applies: applies(fired.has(`${platform.id}:${g.id}`), `${g.title} ${g.explanation}`),
      });
  return out;
}

export function gotchaReport(r: ScopeReportInput): ReportDocument {
  const entries = gotchaEntries(r);
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `${entries.length} known problems for this migration, worst first. "Yes" means the quote's rules fired on this customer's figures; "likely" means the gotcha concerns objects found in the uploaded data; "check" means it depends on facts not known yet.`,
    },
  ];
  for (const severity of GOTCHA_SEVERITIES) {
    const group = entries.filter((e) => e.severity === severity);
    if (!group.length) continue;
    blocks.push(
      { kind: 'heading', text: `${severity[0]!.toUpperCase()}${severity.slice(1)} (${group.length})`, level: 2 },
      {
        kind: 'table',
        columns: [
          { label: 'Gotcha', width: 1.6 },
          { label: 'What happens', width: 2.6 },
          { label: 'Mitigation', width: 2.4 },
          { label: 'Source', width: 1 },
          { label: 'Applies', width: 1.1 },
        ],
        rows: group.map((e) => ({ cells: [e.title, e.explanation, e.mitigation, e.origin, e.applies], tone: e.applies.startsWith('yes') ? 'strong' : 'normal' })),
      },
    );
  }
  return { title: 'Gotcha report', subtitle: `${r.ctx.source.name} → ${r.ctx.destination.name} for ${r.scope.name}`, meta: reportMeta(r), header: reportHeader('Gotchas', r), blocks };
}
