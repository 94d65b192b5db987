import type { KnowledgeBase } from '../../../rules/index.ts';
import type { MappingRow } from '../../../rules/schema/pair.ts';
import type { PlanObject } from './plan.ts';

/**
 * Pair-card rows that write Freshsales documents are not records with fields: their rows become files, either
 * uploaded and attached to the contact, account or deal they name (attachments), or rendered into a document package
 * the engineer hands the customer, for records Freshsales has no API for (knowledge-base articles).
 */
export const DOCUMENT_OBJECT = 'document';

/** The ledger's entity for an uploaded document, and for an article written to the run's document package. */
export const DOCUMENT_ENTITY = 'documents';
export const PACKAGE_ENTITY = 'document_package';
export const isFileEntity = (entity: string) => entity === DOCUMENT_ENTITY || entity === PACKAGE_ENTITY;

export const isDocumentObject = (p: Pick<PlanObject, 'destinationObject' | 'derivedFrom'> | undefined) => !!p && !p.derivedFrom && p.destinationObject === DOCUMENT_OBJECT;

export type DocumentPackageSpec = NonNullable<MappingRow['documentPackage']>;

/** The pair row's package, when this object's rows are packaged rather than uploaded. */
export function packageOf(kb: KnowledgeBase, sourcePlatform: string, p: PlanObject): DocumentPackageSpec | null {
  const row = kb.pair(sourcePlatform, 'freshsales')?.rows.find((r) => r.id === p.mapping?.row);
  return row?.documentPackage ?? null;
}

/** The plan's per-file limit in bytes (rules/platforms/freshsales.json), with the plan's label for messages. */
export function fileLimit(kb: KnowledgeBase, plan: string): { bytes: number; mb: number; plan: string } {
  const found = kb.destination('freshsales')?.plans.find((p) => p.id === plan);
  if (!found) throw new Error(`rules/platforms/freshsales.json has no plan "${plan}"`);
  return { bytes: found.fileSizeLimitMb * 1024 * 1024, mb: found.fileSizeLimitMb, plan: found.label };
}
