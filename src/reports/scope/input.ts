import type { Estimate } from '../../estimator/estimate.ts';
import type { InventoryFile, InventoryObject } from '../../scoping/discovery/inventory.ts';
import type { MappingContext } from '../../scoping/mapping/context.ts';
import type { Mapping } from '../../scoping/mapping/document.ts';
import type { OpenQuestion } from '../../scoping/mapping/questions.ts';
import type { SetupChecklist } from '../../scoping/setup/checklist.ts';
import type { WorkflowAdvice } from '../../scoping/workflows/recommend.ts';

/** Everything the four scope reports are built from, gathered by the caller; the builders are pure. */
export interface ScopeReportInput {
  scope: { id: string; name: string; status: string; plan: string };
  version: {
    version: number;
    status: string;
    hash: string;
    createdAt: Date;
    approvedBy: string | null;
    approvedAt: Date | null;
    signedOffBy: string | null;
    signedOffAt: Date | null;
  } | null;
  quote: Estimate;
  ctx: MappingContext;
  mapping: Mapping | null;
  files: InventoryFile[];
  inventory: InventoryObject[];
  questions: OpenQuestion[];
  workflows: WorkflowAdvice[];
  checklist: SetupChecklist | null;
  generatedAt: Date;
}

export const pct = (n: number) => `${Math.round(n * 100)}%`;

/** The title-block lines every scope report shares. */
export function reportMeta(r: ScopeReportInput) {
  return [
    { label: 'Customer', value: r.scope.name },
    { label: 'Migration', value: `${r.ctx.source.name} → ${r.ctx.destination.name} (${r.ctx.plan})` },
    { label: 'Scope', value: r.scope.id },
    { label: 'Version', value: r.version ? `v${r.version.version} · ${r.version.status.replace('_', ' ')}` : 'no mapping yet (draft)' },
    ...(r.version ? [{ label: 'Content hash', value: r.version.hash }] : []),
    { label: 'Generated', value: r.generatedAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' },
  ];
}

export const reportHeader = (kind: string, r: ScopeReportInput) => `${kind} · ${r.scope.name}${r.version ? ` · v${r.version.version}` : ''}`;
