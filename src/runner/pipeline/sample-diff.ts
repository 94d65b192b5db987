import { and, eq } from 'drizzle-orm';
import { runLedger, runRows } from '../../../db/schema/index.ts';
import type { FieldDiff, RunHeader, SampleDiff } from '../../reports/run/input.ts';
import type { ObjectMapping } from '../../scoping/mapping/document.ts';
import type { DestinationDescription, DestinationEntity, DestinationRecord, DestinationSession, SourceRow } from '../protocol.ts';
import { compareRecord, type StagedRecord } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import type { RunContext } from './run-context.ts';

/** The column a destination field was mapped from, so the diff can show the source value beside it. */
function columnFor(mapping: ObjectMapping | null, field: string): { column: string; label: string } | null {
  const line = mapping?.fields.find((f) => (f.target.kind === 'standard' && f.target.field === field) || (f.target.kind === 'custom' && f.target.name === field));
  if (!line) return null;
  return { column: line.column, label: line.target.kind === 'custom' ? line.target.label : field };
}

/** Reads back every record the sample wrote and compares it, field by field, with what the mapping meant it to be. */
export async function sampleDiff(deps: RunnerDeps, rc: RunContext, session: DestinationSession, destination: DestinationDescription, header: RunHeader): Promise<SampleDiff> {
  const { db } = deps;
  const records: SampleDiff['records'] = [];
  for (const p of rc.plan.filter((x) => x.entity)) {
    const written = await db
      .select({ ledger: runLedger, row: runRows })
      .from(runLedger)
      .innerJoin(runRows, and(eq(runRows.runId, runLedger.runId), eq(runRows.object, runLedger.object), eq(runRows.sourceKey, runLedger.sourceKey), eq(runRows.status, 'loaded')))
      .where(and(eq(runLedger.runId, rc.run.id), eq(runLedger.object, p.object)))
      .orderBy(runLedger.seq);
    for (let i = 0; i < written.length; i += deps.tuning.readBackBatch) {
      const slice = written.slice(i, i + deps.tuning.readBackBatch);
      // An activity routed by type is stored as another kind than its object's: read each back where the ledger says.
      const actual = new Map<string, DestinationRecord | null>();
      for (const entity of new Set(slice.map((w) => w.ledger.entity as DestinationEntity))) {
        for (const [id, r] of await session.fetch(entity, slice.filter((w) => w.ledger.entity === entity).map((w) => w.ledger.destinationId))) actual.set(id, r);
      }
      for (const { ledger, row } of slice) {
        const raw = JSON.parse(row.raw) as SourceRow;
        const expected = (JSON.parse(row.data!) as StagedRecord).data;
        const got = actual.get(ledger.destinationId) ?? null;
        const fields: FieldDiff[] = got
          ? compareRecord(expected, got, destination, ledger.entity as DestinationEntity).map((f) => {
              const col = columnFor(p.mapping, f.field);
              const cell = col ? raw[col.column] : undefined;
              return { ...f, label: col?.label ?? f.field, column: col?.column ?? null, source: cell ?? null };
            })
          : [{ field: '(record)', label: 'record', column: null, source: null, expected: 'present', actual: 'missing', match: false }];
        records.push({ object: p.object, entity: ledger.entity, sourceKey: ledger.sourceKey, file: row.file, line: row.line, destinationId: ledger.destinationId, fields });
      }
    }
  }
  const all = records.flatMap((r) => r.fields);
  return { header, records, summary: { records: records.length, fields: all.length, mismatches: all.filter((f) => !f.match).length } };
}
