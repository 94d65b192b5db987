import type { ReportDocument } from '../document.ts';
import { catalogueReport, type CatalogueHandover } from './catalogue-report.ts';
import type { Reconciliation, RollbackReport, SampleDiff } from './input.ts';
import type { DocumentPackageReport } from './kb-input.ts';
import { packageReport } from './kb-report.ts';
import { inventoryReport, type InventoryHandover } from './inventory-report.ts';
import { reconciliationReport } from './reconciliation-report.ts';
import { rollbackReport } from './rollback-report.ts';
import { sampleDiffReport } from './sample-diff-report.ts';

export type * from './input.ts';
export { auditCsv, quarantineCsv, reconciliationCsv, warningsCsv } from './csv.ts';
export { reconciliationProblems } from './reconciliation-report.ts';
export { reconciliationReport, rollbackReport, sampleDiffReport };
export { catalogueCsv, catalogueReport, type CatalogueHandover } from './catalogue-report.ts';
export type * from './kb-input.ts';
export { packageArchive, packageFiles } from './kb-files.ts';
export { packageReport, packageSummary } from './kb-report.ts';
export { inventoryCsv, inventoryReport, type InventoryHandover, type InventoryNote, type InventoryRow } from './inventory-report.ts';

/** The input each stored run report kind (run_reports.kind) holds. */
export interface RunReportInputs {
  diff: SampleDiff;
  reconciliation: Reconciliation;
  rollback: RollbackReport;
  /** Products handed over as a list on a plan without the catalogue. */
  catalogue: CatalogueHandover;
  /** Records Freshsales cannot hold (knowledge-base articles), handed over as files. */
  document_package: DocumentPackageReport;
  /** Rows of export files the pair card inventories (Soffront's projects), handed over whole, with the notes left on linked records. */
  inventory: InventoryHandover;
}
export type RunReportKind = keyof RunReportInputs;

/** The run reports by the kind they are stored under. */
export const RUN_REPORTS: { [K in RunReportKind]: (input: RunReportInputs[K]) => ReportDocument } = {
  diff: sampleDiffReport,
  reconciliation: reconciliationReport,
  rollback: rollbackReport,
  catalogue: catalogueReport,
  document_package: packageReport,
  inventory: inventoryReport,
};
export const RUN_REPORT_KINDS = Object.keys(RUN_REPORTS) as [RunReportKind, ...RunReportKind[]];
