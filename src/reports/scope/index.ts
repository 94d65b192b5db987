import type { ScopeState } from '../../scoping/service/state.ts';
import { buildChecklist } from '../../scoping/setup/checklist.ts';
import { recommendWorkflows } from '../../scoping/workflows/recommend.ts';
import type { ReportDocument } from '../document.ts';
import { gotchaReport } from './gotcha-report.ts';
import type { ScopeReportInput } from './input.ts';
import { scopeReport } from './scope-report.ts';
import { setupReport } from './setup-report.ts';
import { workflowReport } from './workflow-report.ts';

/** The four scope reports by the name they are served under. */
export const SCOPE_REPORTS = {
  scope: scopeReport,
  gotchas: gotchaReport,
  workflows: workflowReport,
  setup: setupReport,
} as const satisfies Record<string, (r: ScopeReportInput) => ReportDocument>;
export type ScopeReportName = keyof typeof SCOPE_REPORTS;
export const SCOPE_REPORT_NAMES = Object.keys(SCOPE_REPORTS) as [ScopeReportName, ...ScopeReportName[]];

/** Gathers a scope's current state into the input every scope report is built from. */
export function reportInput(state: ScopeState, generatedAt: Date): ScopeReportInput {
  const { scope, version, mapping, ctx } = state;
  return {
    scope: { id: scope.id, name: scope.name, status: scope.status, plan: scope.plan },
    version: version ?? null,
    quote: state.quote,
    ctx,
    mapping: mapping ?? null,
    files: state.discovery.files,
    inventory: state.inventory,
    questions: state.questions,
    workflows: recommendWorkflows(state.discovery.workflows.flatMap((w) => w.items), ctx.rules.workflows, ctx.plan),
    checklist: mapping ? buildChecklist(mapping, ctx) : null,
    generatedAt,
  };
}
