import { runRows } from '../../../db/schema/index.ts';
import type { DestinationSession } from '../protocol.ts';
import { PROVENANCE } from '../transform/identity.ts';
import type { StagedRecord } from '../transform/types.ts';
import { isModuleObject, moduleEntity } from './custom-module-kinds.ts';
import type { RunnerDeps } from './deps.ts';
import { lastWrites } from './last-writes.ts';
import { inParallel } from './documents-upload.ts';
import type { LoadOptions } from './load.ts';
import type { PlanObject } from './plan.ts';
import { isRetryable } from './retry.ts';
import type { RunContext } from './run-context.ts';
import { readCheckpoint, writeCheckpoint } from './run-store.ts';
import { singleCreateLedger, topLedgerSeq } from './ledger-entries.ts';
import { rowKey, rowsOf, type StagedRow } from './staging.ts';

type Written = { ok: true; id: string } | { ok: false; code: string; message: string };

/**
 * Writes the custom-object rows of a plan with custom modules: one create per record, into the module the row's object
 * name found, its owner resolved like any record's. Module records have no upsert, so a window a crash interrupted is
 * written again as a retry that first looks each record up by Ferry's source id (and the retrying session does the
 * same for a call that failed on the way). They come after every contact, account and deal in the ledger, so a
 * rollback removes them first.
 */
export async function loadCustomModules(deps: RunnerDeps, rc: RunContext, session: DestinationSession, opts: LoadOptions): Promise<void> {
  for (const p of rc.plan.filter(isModuleObject)) await loadModuleRecords(deps, rc, session, p, opts);
}

async function loadModuleRecords(deps: RunnerDeps, rc: RunContext, session: DestinationSession, p: PlanObject, opts: LoadOptions) {
  const { db, tuning } = deps;
  const modules = session.modules;
  const name = `load:${p.object}`;
  let interrupted = (await readCheckpoint<{ inFlight?: boolean }>(db, rc.run.id, name))?.inFlight === true;
  for (;;) {
    const window = await rowsOf(db, rc.run.id, p.object, 'ready', tuning.loadBatch * tuning.loadConcurrency);
    if (window.length === 0) return;
    const earlier = rc.run.mode === 'delta' ? await lastWrites(deps, opts.chain.slice(1), p.object, window.map((r) => r.sourceKey!)) : new Map();
    const statements = [];
    const jobs: { row: StagedRow; rec: StagedRecord; data: Record<string, unknown> }[] = [];
    for (const row of window) {
      const rec = JSON.parse(row.data!) as StagedRecord;
      const prior = earlier.get(row.sourceKey!);
      if (!modules) {
        statements.push(db.update(runRows).set({ status: 'quarantined', reason: 'this destination keeps no custom-module records; the row is kept here for a manual import' }).where(rowKey(row)));
      } else if (prior) {
        // Module records have no upsert and Ferry keeps no before-image of them: a changed row is a person's call.
        const reason = `run ${prior.runId} created custom-module record ${prior.destinationId} for this row, and the row has changed since; Ferry does not rewrite module records, so update that record in Freshsales`;
        statements.push(db.update(runRows).set({ status: 'conflict', reason }).where(rowKey(row)));
      } else {
        const data: Record<string, unknown> = structuredClone(rec.data);
        const owner = rec.owner ? opts.owners[rec.owner.trim().toLowerCase()] : undefined;
        if (owner !== undefined) data.owner_id = owner;
        jobs.push({ row, rec, data });
      }
    }

    if (jobs.length) await db.batch([writeCheckpoint(db, rc.run.id, name, { inFlight: true }, deps.now())]);
    const retried = interrupted;
    const results = await inParallel(jobs, tuning.loadConcurrency, async (j): Promise<Written> => {
      const identifier = { field: PROVENANCE.sourceId, value: String(j.rec.identifier[PROVENANCE.sourceId]) };
      try {
        const found = retried ? (await modules!.find(j.rec.module!, identifier.field, [identifier.value]))[0] : undefined;
        const record = found ?? (await modules!.create(j.rec.module!, identifier, j.data));
        return { ok: true, id: String(record.id) };
      } catch (e) {
        // A passing outage fails the step, which resumes this window as a retry; a refusal is the row's alone.
        if (isRetryable(e) || rc.ctx.signal.aborted) throw e;
        const err = e as { code?: unknown; message?: unknown };
        return { ok: false, code: String(err.code ?? 'FAILED'), message: String(err.message ?? e) };
      }
    });
    interrupted = false;

    let seq = await topLedgerSeq(db, rc.run.id);
    const now = deps.now();
    for (const [i, j] of jobs.entries()) {
      const r = results[i]!;
      if (!r.ok) {
        statements.push(db.update(runRows).set({ status: 'quarantined', reason: `Freshsales refused it: ${r.message}`, detail: r.code }).where(rowKey(j.row)));
        continue;
      }
      statements.push(
        ...(await singleCreateLedger(db, { runId: rc.run.id, seq: ++seq, object: p.object, entity: moduleEntity(j.rec.module!), sourceKey: j.row.sourceKey!, destinationId: r.id, hash: j.row.hash!, now })),
        db.update(runRows).set({ status: 'loaded' }).where(rowKey(j.row)),
      );
    }
    statements.push(writeCheckpoint(db, rc.run.id, name, { inFlight: false }, now));
    await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    rc.ctx.signal.throwIfAborted();
  }
}
