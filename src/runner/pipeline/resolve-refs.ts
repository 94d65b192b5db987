import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { runKeys, runLedger } from '../../../db/schema/index.ts';
import type { Mapping } from '../../scoping/mapping/document.ts';
import { normaliseKeyValue, SAME_ROW_KEY, type StagedRecord } from '../transform/index.ts';
import { derivedAccountObject } from './plan.ts';

/** One link a record needs: which object and source row it points at (value normalised as the rows' keys are), and the Freshsales field that carries it. */
export interface Link {
  toObject: string;
  /** The linking row's column holding the value (null for a free-text company or a same-row link). */
  fromColumn: string | null;
  column: string;
  value: string;
  field: string;
}

/** The links of a staged record, from the scope's relationships (by their key column) and its free-text company. */
export function linksOf(record: StagedRecord, object: string, mapping: Mapping, hasDerivedAccounts: boolean): Link[] {
  const links: Link[] = [];
  for (const ref of record.refs) {
    const rel = mapping.relationships.find((r) => r.id === ref.relationship);
    if (!rel) continue;
    // A same-row link (two records made from one source row) matches the row itself.
    const column = rel.to.column ?? (rel.from.column === null ? SAME_ROW_KEY : null);
    if (column === null) continue;
    links.push({ toObject: ref.toObject, fromColumn: rel.from.column, column, value: ref.value, field: ref.field });
  }
  if (record.accountName && hasDerivedAccounts) links.push({ toObject: derivedAccountObject(object), fromColumn: null, column: 'name', value: normaliseKeyValue(record.accountName, 'name'), field: 'sales_accounts' });
  return links;
}

/** Source keys of the rows the links point at, within one run's staging; a value no row has is absent from the map. */
export async function sourceKeysFor(db: Db, runId: string, links: Link[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const groups = new Map<string, Link[]>();
  for (const l of links) {
    const k = `${l.toObject}\u0000${l.column}`;
    groups.set(k, [...(groups.get(k) ?? []), l]);
  }
  for (const group of groups.values()) {
    const { toObject, column } = group[0]!;
    const values = [...new Set(group.map((l) => l.value))];
    const rows = await db
      .select()
      .from(runKeys)
      .where(and(eq(runKeys.runId, runId), eq(runKeys.object, toObject), eq(runKeys.column, column), inArray(runKeys.value, values)));
    for (const r of rows) out.set(linkId({ toObject, column, value: r.value }), r.sourceKey);
  }
  return out;
}

export const linkId = (l: Pick<Link, 'toObject' | 'column' | 'value'>) => `${l.toObject}\u0000${l.column}\u0000${l.value}`;

/** Destination ids of source rows already written by the run or the runs it builds on (a delta's parent). */
export async function destinationIdsFor(db: Db, runIds: string[], object: string, sourceKeys: string[]): Promise<Map<string, string>> {
  if (sourceKeys.length === 0) return new Map();
  const rows = await db
    .select({ runId: runLedger.runId, sourceKey: runLedger.sourceKey, destinationId: runLedger.destinationId })
    .from(runLedger)
    .where(and(inArray(runLedger.runId, runIds), eq(runLedger.object, object), inArray(runLedger.sourceKey, [...new Set(sourceKeys)])));
  // The newest run in the chain wins: runIds are given newest first.
  rows.sort((a, b) => runIds.indexOf(b.runId) - runIds.indexOf(a.runId));
  return new Map(rows.map((r) => [r.sourceKey, r.destinationId]));
}
