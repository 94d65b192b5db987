import type { ReportDocument } from '../document.ts';
import type { Reconciliation, RollbackReport, SampleDiff } from './input.ts';
import { reconciliationReport } from './reconciliation-report.ts';
import { rollbackReport } from './rollback-report.ts';
import { sampleDiffReport } from './sample-diff-report.ts';

export type * from './input.ts';
export { auditCsv, quarantineCsv, reconciliationCsv } from './csv.ts';
export { reconciliationProblems } from './reconciliation-report.ts';
export { reconciliationReport, rollbackReport, sampleDiffReport };

/** The input each stored run report kind (run_reports.kind) holds. */
export interface RunReportInputs {
  diff: SampleDiff;
  reconciliation: Reconciliation;
  rollback: RollbackReport;
}
export type RunReportKind = keyof RunReportInputs;

/** The run reports by the kind they are stored under. */
export const RUN_REPORTS: { [K in RunReportKind]: (input: RunReportInputs[K]) => ReportDocument } = {
  diff: sampleDiffReport,
  reconciliation: reconciliationReport,
  rollback: rollbackReport,
};
export const RUN_REPORT_KINDS = Object.keys(RUN_REPORTS) as [RunReportKind, ...RunReportKind[]];
