import type { SourcePosition } from '../protocol.ts';
import type { StagedRecord } from './types.ts';

export interface DedupeRow {
  position: SourcePosition;
  record: Pick<StagedRecord, 'email' | 'cursor'>;
}

export interface DedupeResult<T extends DedupeRow> {
  /** Rows to load, in input order (rows without an email are always kept). */
  keep: T[];
  /** Rows folded into another with the same email, with the reason the pipeline records. */
  merged: { row: T; into: T; reason: string }[];
}

/**
 * One row per email: the one with the newest cursor wins (a row without a cursor counts as older than any with one),
 * and between equals the one read later (later in the input, which is file and line order).
 */
export function dedupeByEmail<T extends DedupeRow>(rows: T[], sameWhat = 'email'): DedupeResult<T> {
  const winner = new Map<string, number>();
  rows.forEach((row, i) => {
    const email = row.record.email;
    if (!email) return;
    const best = winner.get(email);
    if (best === undefined || (rows[best]!.record.cursor ?? '') <= (row.record.cursor ?? '')) winner.set(email, i);
  });
  const keep: T[] = [];
  const merged: DedupeResult<T>['merged'] = [];
  rows.forEach((row, i) => {
    const email = row.record.email;
    const best = email === undefined ? i : winner.get(email)!;
    if (best === i) keep.push(row);
    else {
      const into = rows[best]!;
      merged.push({ row, into, reason: `duplicate of ${into.position.file} line ${into.position.line} (same ${sameWhat} ${email})` });
    }
  });
  return { keep, merged };
}
