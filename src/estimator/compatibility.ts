import type { MappingRow } from '../../rules/schema/pair.ts';

export interface Compatibility {
  oneToOne: number;
  total: number;
  percent: number;
}

/** Computed from the object rows, never typed in: a row counts when its cardinality is exactly 1:1. */
export function computeCompatibility(rows: readonly Pick<MappingRow, 'cardinality'>[]): Compatibility {
  const oneToOne = rows.filter((r) => r.cardinality === '1:1').length;
  const total = rows.length;
  return { oneToOne, total, percent: total === 0 ? 0 : Math.round((oneToOne / total) * 100) };
}
