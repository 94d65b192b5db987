import type { RowWarning, StagedRecord } from './types.ts';

/**
 * A staged row's record with more warnings, and the row's reason that lists them all: a row that loads with a
 * warning keeps its warnings in its record and their sentences in its reason, so the reconciliation can list them.
 */
export function withWarnings(data: string, more: readonly RowWarning[]): { data: string; reason: string | null } {
  const record = JSON.parse(data) as StagedRecord;
  const warnings = [...(record.warnings ?? [])];
  for (const w of more) if (!warnings.some((x) => x.message === w.message)) warnings.push(w);
  const next: StagedRecord = warnings.length ? { ...record, warnings } : record;
  return { data: JSON.stringify(next), reason: warningReason(next) };
}

/** The reason column of a row loaded with warnings: their sentences, in order; null without any. */
export const warningReason = (record: Pick<StagedRecord, 'warnings'>): string | null =>
  record.warnings?.length ? record.warnings.map((w) => w.message).join('; ') : null;
