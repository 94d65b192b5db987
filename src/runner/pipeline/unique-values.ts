import { runRows } from '../../../db/schema/index.ts';
import { contentHash } from '../../scoping/mapping/hash.ts';
import type { DestinationDescription, DestinationSession, LoadBatch, LoadRecord, WriteOutcome } from '../protocol.ts';
import { quote } from '../transform/cells.ts';
import { mappedHash, withWarnings, type RowWarning, type StagedRecord } from '../transform/index.ts';
import { uniqueFields, uniqueValueKey, type UniqueField } from '../transform/unique-fields.ts';
import type { RunnerDeps } from './deps.ts';
import type { RunContext } from './run-context.ts';
import { pagesOf, rowKey, type StagedRow } from './staging.ts';

/** The source column a field of an object is filled from, for warnings. */
const columnOf = (rc: RunContext, object: string, field: string) =>
  rc.mapping.objects.find((o) => o.row === object)?.fields.find((f) => f.target.kind === 'standard' && f.target.field === field)?.column ?? null;

/**
 * Freshsales refuses a second record with a value it keeps unique (a contact's mobile number,
 * rules/runner/unique-fields.json). Before anything loads, the first row in load order keeps each such value; a later
 * row that would write it again has it moved to a free field named by the rule (or left out), and a warning that
 * names the record holding it — the person still loads.
 */
export async function settleUniqueValues(deps: RunnerDeps, rc: RunContext, destination: DestinationDescription): Promise<void> {
  const { db } = deps;
  for (const rule of uniqueFields) {
    const holders = new Map<string, { object: string; sourceKey: string; file: string; line: number }>();
    const free = rule.moveTo.filter((f) => destination.fields[rule.entity]?.some((x) => x.name === f));
    for (const p of rc.plan.filter((x) => x.entity === rule.entity && x.mapping)) {
      const column = columnOf(rc, p.object, rule.field);
      for await (const page of pagesOf(db, rc.run.id, p.object, 'ready', 1000)) {
        const statements = [];
        for (const row of page) {
          const rec = JSON.parse(row.data!) as StagedRecord;
          const value = rec.data[rule.field];
          const key = uniqueValueKey(rule, value);
          if (key === undefined) continue;
          const holder = holders.get(key);
          if (!holder) {
            holders.set(key, { object: p.object, sourceKey: row.sourceKey!, file: row.file, line: row.line });
            continue;
          }
          const to = free.find((f) => rec.data[f] === undefined || rec.data[f] === '');
          delete rec.data[rule.field];
          if (to) rec.data[to] = value;
          const held = `${rule.label} ${quote(String(value))} is already on ${holder.object} ${holder.sourceKey} (${holder.file} line ${holder.line}), and Freshsales keeps ${rule.label}s unique`;
          const message = to ? `column ${column ?? rule.field}: ${held}, so this record has it in ${to} instead` : `column ${column ?? rule.field}: ${held}, and this record has no free field for it, so it was left out; add it by hand if it belongs here too`;
          const warning: RowWarning = { column, value: String(value), message };
          statements.push(db.update(runRows).set({ ...withWarnings(JSON.stringify(rec), [warning]), hash: await mappedHash(rec.data) }).where(rowKey(row)));
        }
        if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
        rc.ctx.signal.throwIfAborted();
      }
    }
  }
}

interface Written {
  row: StagedRow;
  record?: LoadRecord;
  warnings?: RowWarning[];
}

/**
 * A write Freshsales refused because another record already holds a unique value (one outside the run, which
 * settleUniqueValues cannot see) is tried once more without that field. Retried outcomes replace the refusals; a
 * record that then loads keeps a warning, and its staged record and hash lose the field so the read-back matches.
 */
export async function retryWithoutRefused(rc: RunContext, session: DestinationSession, batches: LoadBatch[], results: WriteOutcome[][], prepared: Written[]): Promise<void> {
  const retries: { batch: number; rule: UniqueField; x: Written; record: LoadRecord }[] = [];
  batches.forEach((batch, b) => {
    for (const outcome of results[b]!) {
      if (outcome.status !== 'failed') continue;
      const x = prepared.find((y) => y.record?.sourceKey === outcome.sourceKey);
      const rule = uniqueFields.find((r) => r.entity === batch.entity && outcome.error.message.includes(r.refusal) && x?.record?.data[r.field] !== undefined);
      if (!x || !rule) continue;
      const data = { ...x.record!.data };
      delete data[rule.field];
      retries.push({ batch: b, rule, x, record: { ...x.record!, data } });
    }
  });
  for (const b of new Set(retries.map((r) => r.batch))) {
    const mine = retries.filter((r) => r.batch === b);
    const batch = batches[b]!;
    const again: LoadBatch = { key: await contentHash([batch.key, 'without refused unique values']), entity: batch.entity, records: mine.map((r) => r.record) };
    const outcomes = await session.write(again);
    for (const outcome of outcomes) {
      const r = mine.find((m) => m.record.sourceKey === outcome.sourceKey)!;
      results[b] = results[b]!.map((o) => (o.sourceKey === outcome.sourceKey ? outcome : o));
      if (outcome.status !== 'written') continue;
      const value = String(r.x.record!.data[r.rule.field]);
      const rec = JSON.parse(r.x.row.data!) as StagedRecord;
      delete rec.data[r.rule.field];
      r.x.row.data = JSON.stringify(rec);
      r.x.row.hash = await mappedHash(rec.data);
      const column = columnOf(rc, r.x.row.object, r.rule.field);
      r.x.warnings = [
        ...(r.x.warnings ?? []),
        { column, value, message: `column ${column ?? r.rule.field}: Freshsales refused ${r.rule.label} ${quote(value)} as one another record in the account already holds, so this record was loaded without it; find that record in Freshsales and decide where the number belongs` },
      ];
    }
  }
}
