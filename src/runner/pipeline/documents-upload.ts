import { runRows } from '../../../db/schema/index.ts';
import type { DestinationEntity, DestinationSession, DocumentSession, SourceFile, WriteOutcome } from '../protocol.ts';
import type { StagedRecord } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import { lastWrites } from './last-writes.ts';
import { fileCandidates, findFile } from './documents-files.ts';
import { DOCUMENT_ENTITY, fileLimit } from './documents-kinds.ts';
import type { StagedDocument } from './documents-transform.ts';
import type { LoadOptions } from './load.ts';
import type { PlanObject } from './plan.ts';
import { destinationIdsFor, linkId, linksOf, sourceKeysFor, type Link } from './resolve-refs.ts';
import type { RunContext } from './run-context.ts';
import { readCheckpoint, writeCheckpoint } from './run-store.ts';
import { singleCreateLedger, topLedgerSeq } from './ledger-entries.ts';
import { rowKey, rowsOf, type StagedRow } from './staging.ts';

/** How a document names the record it hangs off. */
const TARGETABLE_TYPE: Partial<Record<DestinationEntity, string>> = { contacts: 'Contact', sales_accounts: 'SalesAccount', deals: 'Deal' };

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

type Target = { ok: true; type: string; id: string } | { ok: false; reason: string; column: string | null };

/**
 * The record a document hangs off. Every column that names a record must name one that loaded (a file whose record is
 * missing cannot be put anywhere for sure); the first that resolves, in the mapping's relationship order, is the one.
 */
function targetOf(rc: RunContext, row: StagedRow, links: Link[], idOf: (l: Link) => string | undefined, entityOf: (object: string) => DestinationEntity | null | undefined): Target {
  if (links.length === 0) return noLink(rc, row);
  const byColumn = new Map<string, Link[]>();
  for (const l of links) byColumn.set(l.fromColumn ?? l.column, [...(byColumn.get(l.fromColumn ?? l.column) ?? []), l]);
  let hit: { type: string; id: string } | undefined;
  for (const [column, mine] of byColumn) {
    const found = mine.map((l) => ({ id: idOf(l), type: TARGETABLE_TYPE[entityOf(l.toObject) ?? 'tasks'] })).find((x) => x.id && x.type);
    if (!found) {
      const among = [...new Set(mine.map((l) => l.toObject))].join(', ');
      return { ok: false, column, reason: `column ${column}: "${mine[0]!.value}" names no loaded ${among} to attach this file to (not in the export, quarantined, or outside this run)` };
    }
    hit ??= { type: found.type!, id: found.id! };
  }
  return { ok: true, ...hit! };
}

/**
 * Why a row names no record to attach its file to: its record type is one no relationship of the scope covers (a type
 * column such as "Attached to (type)"), or the object has no relationship naming one at all, or the row's cell is empty.
 */
function noLink(rc: RunContext, row: StagedRow): Target {
  const relationships = rc.mapping.relationships.filter((r) => r.from.row === row.object);
  const typed = relationships.find((r) => r.when)?.when;
  const raw = JSON.parse(row.raw) as Record<string, unknown>;
  const type = typed ? String(raw[typed.column] ?? '').trim() : '';
  if (typed && type && !relationships.some((r) => r.when?.values.some((v) => v.toLowerCase() === type.toLowerCase()))) {
    const covered = [...new Set(relationships.flatMap((r) => r.when?.values ?? []))].join(', ');
    return { ok: false, column: typed.column, reason: `column ${typed.column}: "${type}" is not a record type the scope attaches files to (${covered}); add a relationship for it to the scope, or correct the row` };
  }
  if (relationships.length === 0) return { ok: false, column: null, reason: `a document must be attached to a contact, account or deal, and the scope has no relationship saying which record a row of ${row.object} belongs to` };
  const columns = [...new Set(relationships.map((r) => r.from.column).filter((c): c is string => !!c))];
  return { ok: false, column: columns[0] ?? null, reason: `no record to attach this file to: ${columns.length ? `column ${columns.join(', ')} is empty` : 'the row names none'}` };
}

/** Runs `work` over `items`, at most `limit` at a time, results in order. */
export async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

interface Job {
  row: StagedRow;
  rec: StagedRecord;
  doc: StagedDocument;
  file: SourceFile;
  target: { type: string; id: string };
}

/**
 * Uploads one object's files, each attached to the contact, account or deal its row names, one call per file through
 * the account's budget. Before anything is uploaded each file is checked against the plan's per-file limit, first by
 * the export's own size column and then by its real size; an oversize file, a file the export folder lacks and a file
 * whose record did not load are quarantined saying so. A window's uploads, ledger rows and bookmark are committed
 * together; a window a crash interrupted is uploaded again as a retry, which looks for what the first attempt made.
 */
export async function uploadDocuments(deps: RunnerDeps, rc: RunContext, session: DestinationSession, p: PlanObject, opts: LoadOptions): Promise<void> {
  const { db, tuning } = deps;
  const documents: DocumentSession | undefined = session.documents;
  const limit = fileLimit(deps.kb, rc.destination.plan);
  const sizeColumn = p.mapping?.fields.find((f) => f.target.kind === 'standard' && f.target.field === 'file_size')?.column ?? null;
  const entityOf = (object: string) => rc.plan.find((x) => x.object === object)?.entity;
  const source = await rc.source();
  const name = `load:${p.object}`;
  let interrupted = (await readCheckpoint<{ inFlight?: boolean }>(db, rc.run.id, name))?.inFlight === true;

  for (;;) {
    const window = await rowsOf(db, rc.run.id, p.object, 'ready', tuning.loadBatch * tuning.loadConcurrency);
    if (window.length === 0) break;
    const staged = window.map((row) => ({ row, rec: JSON.parse(row.data!) as StagedRecord }));
    const links = new Map(staged.map((s) => [s.row, linksOf(s.rec, p.object, rc.mapping, false)]));
    const all = [...links.values()].flat();
    const keys = await sourceKeysFor(db, rc.run.id, all);
    const ids = new Map<string, Map<string, string>>();
    for (const toObject of new Set(all.map((l) => l.toObject))) {
      const wanted = all.filter((l) => l.toObject === toObject).map((l) => keys.get(linkId(l))).filter((k): k is string => !!k);
      ids.set(toObject, await destinationIdsFor(db, opts.chain, toObject, wanted));
    }
    const idOf = (l: Link) => {
      const key = keys.get(linkId(l));
      return key ? ids.get(l.toObject)?.get(key) : undefined;
    };
    const before = rc.run.mode === 'delta' ? await lastWrites(deps, opts.chain.slice(1), p.object, window.map((r) => r.sourceKey!)) : new Map();

    const statements = [];
    const set = (row: StagedRow, status: 'quarantined' | 'skipped', reason: string, detail: string | null = null) =>
      statements.push(db.update(runRows).set({ status, reason, detail }).where(rowKey(row)));
    const jobs: Job[] = [];
    for (const { row, rec } of staged) {
      const doc = rec.data as unknown as StagedDocument;
      const prior = before.get(row.sourceKey!);
      if (prior?.hash === row.hash) {
        set(row, 'skipped', `unchanged since run ${prior.runId}, which uploaded it as document ${prior.destinationId}`);
        continue;
      }
      // The size first: a file too big for the plan is reported as such whatever else is wrong with its row.
      const over = (size: number, by: string) =>
        `file "${doc.fileName}" is ${mb(size)} ${by}, over the ${limit.mb} MB a file may have on the Freshsales ${limit.plan} plan: compress or split it, or keep it elsewhere and link it from the record, then load it with a delta run`;
      if (doc.declaredSize !== undefined && doc.declaredSize > limit.bytes) {
        set(row, 'quarantined', over(doc.declaredSize, `by column ${sizeColumn ?? 'file_size'}`), sizeColumn);
        continue;
      }
      const target = targetOf(rc, row, links.get(row)!, idOf, entityOf);
      if (!target.ok) {
        set(row, 'quarantined', target.reason, target.column);
        continue;
      }
      if (!documents) {
        set(row, 'quarantined', 'this destination takes no file uploads; the row is kept here for a manual upload');
        continue;
      }
      const candidates = fileCandidates(row.sourceKey, doc.fileName, doc.path);
      const file = await findFile(source, candidates);
      if (!file) {
        set(row, 'quarantined', `no file for this row beside the export: looked for ${candidates.map((c) => `"${c}"`).join(', ')}; put the file there (or correct the row) and load it with a delta run`);
        continue;
      }
      if (file.bytes > limit.bytes) {
        set(row, 'quarantined', over(file.bytes, `on disk (${file.path})`));
        continue;
      }
      jobs.push({ row, rec, doc, file, target });
    }

    if (jobs.length) await db.batch([writeCheckpoint(db, rc.run.id, name, { inFlight: true }, deps.now())]);
    const retried = interrupted;
    const results = await inParallel(jobs, tuning.loadConcurrency, async (j): Promise<{ outcome: WriteOutcome; size: number }> => {
      const bytes = await j.file.read();
      const outcome = await documents!.upload({
        sourceKey: j.row.sourceKey!,
        fileName: j.doc.fileName,
        contentType: j.doc.contentType,
        bytes,
        targetableType: j.target.type,
        targetableId: j.target.id,
        shared: j.doc.shared,
        ...(retried ? { retried: true } : {}),
      });
      return { outcome, size: bytes.length };
    });
    interrupted = false;

    // Documents come after every record they hang off in the ledger, so a rollback removes them first.
    let seq = await topLedgerSeq(db, rc.run.id);
    const now = deps.now();
    for (const [i, j] of jobs.entries()) {
      const { outcome, size } = results[i]!;
      if (outcome.status === 'failed') {
        set(j.row, 'quarantined', `Freshsales refused the file: ${outcome.error.message}`, outcome.error.code);
        continue;
      }
      const data = JSON.stringify({ ...j.rec, data: { ...j.rec.data, uploadedSize: size } });
      const replaced = before.get(j.row.sourceKey!);
      statements.push(
        ...(await singleCreateLedger(db, { runId: rc.run.id, seq: ++seq, object: p.object, entity: DOCUMENT_ENTITY, sourceKey: j.row.sourceKey!, destinationId: outcome.destinationId, hash: j.row.hash!, now })),
        db
          .update(runRows)
          .set({ status: 'loaded', data, reason: replaced ? `the row changed since run ${replaced.runId}: uploaded as a new document; the earlier one (${replaced.destinationId}) stays in Freshsales until someone removes it` : null })
          .where(rowKey(j.row)),
      );
    }
    statements.push(writeCheckpoint(db, rc.run.id, name, { inFlight: false }, now));
    await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    rc.ctx.signal.throwIfAborted();
  }
}
