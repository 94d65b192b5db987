import { runLedger, runRows } from '../../../db/schema/index.ts';
import type { DocumentPackage, DocumentPackageReport, PackagedArticle } from '../../reports/run/kb-input.ts';
import { articlePath } from '../../reports/run/kb-paths.ts';
import { contentHash } from '../../scoping/mapping/hash.ts';
import type { DestinationEntity, DestinationSession } from '../protocol.ts';
import { activityMarker } from '../transform/activity-routing.ts';
import { mappedHash, type StagedRecord } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import { topLedgerSeq } from './ledger-entries.ts';
import { lastWrites } from './last-writes.ts';
import { isDocumentObject, PACKAGE_ENTITY, packageOf } from './documents-kinds.ts';
import type { StagedArticle } from './documents-transform.ts';
import type { LoadOptions } from './load.ts';
import { destinationIdsFor, linkId, linksOf, sourceKeysFor } from './resolve-refs.ts';
import { reportStatement, runHeader } from './reports-store.ts';
import type { RunContext } from './run-context.ts';
import { readCheckpoint, writeCheckpoint } from './run-store.ts';
import { pagesOf, rowKey, type StagedRow } from './staging.ts';

/** The run report the package is stored as (and downloaded from). */
export const PACKAGE_REPORT = 'document_package';

/** How a note names the record it hangs off. */
const TARGETABLE_TYPE: Partial<Record<DestinationEntity, string>> = { contacts: 'Contact', sales_accounts: 'SalesAccount', deals: 'Deal' };

/** The staging object of the notes an object's articles leave on the records they are linked to. */
export const noteObject = (object: string) => `${object}.note`;

interface Note {
  article: StagedRow;
  notedOn: PackagedArticle['notedOn'][number];
  /** Unique per article and linked record. */
  sourceKey: string;
  index: number;
  data: { description: string };
  target: { type: string; id: string };
  marker: string;
}

/**
 * Writes the run's document packages: every ready row of an object whose pair row says Freshsales cannot hold it is
 * filed, as exported, under its category path, and the package is stored as the run report `document_package`.
 * Each article is a ledger entry of its own (entity document_package), so the run counts it as written and
 * reconciliation reads it back from the stored package. An article the export links to a loaded contact, account or
 * deal also leaves a note there naming the article and where the package keeps it. The package, the ledger, the
 * notes' rows and the rows' new status are committed in one transaction; notes a crash may have written already are
 * looked for before being written again.
 */
export async function buildDocumentPackages(deps: RunnerDeps, rc: RunContext, session: DestinationSession, opts: LoadOptions): Promise<void> {
  const { db } = deps;
  const objects = rc.plan.filter(isDocumentObject).flatMap((p) => {
    const spec = packageOf(deps.kb, rc.sourcePlatform, p);
    return spec ? [{ p, spec }] : [];
  });
  const mark = await readCheckpoint<{ inFlight?: boolean; done?: boolean }>(db, rc.run.id, 'package');
  if (objects.length === 0 || mark?.done) return;

  const statements = [];
  const packages: DocumentPackage[] = [];
  const notes: (Note & { object: string })[] = [];
  const articleEntries: { row: StagedRow; path: string; object: string }[] = [];
  for (const { p, spec } of objects) {
    const rows: StagedRow[] = [];
    for await (const page of pagesOf(db, rc.run.id, p.object, 'ready', 1000)) rows.push(...page);
    const before = rc.run.mode === 'delta' ? await lastWrites(deps, opts.chain.slice(1), p.object, rows.map((r) => r.sourceKey!)) : new Map();
    const taken = new Set<string>();
    const articles: PackagedArticle[] = [];
    for (const row of rows) {
      const prior = before.get(row.sourceKey!);
      if (prior?.hash === row.hash) {
        statements.push(db.update(runRows).set({ status: 'skipped', reason: `unchanged since run ${prior.runId}, whose document package holds it` }).where(rowKey(row)));
        continue;
      }
      const rec = JSON.parse(row.data!) as StagedRecord;
      const a = rec.data as unknown as StagedArticle;
      let path = articlePath(spec.title, a.categories, row.sourceKey!, a.title);
      // Two ids may clean up to one file name ("A/1" and "A-1"): the later gets a number.
      for (let n = 2; taken.has(path.toLowerCase()); n++) path = articlePath(spec.title, a.categories, `${row.sourceKey} (${n})`, a.title);
      taken.add(path.toLowerCase());
      const article: PackagedArticle = { sourceKey: row.sourceKey!, file: row.file, line: row.line, path, ...a, notedOn: [] };
      articles.push(article);
      articleEntries.push({ row, path, object: p.object });
      for (const n of await notesFor(deps, rc, p.object, row, rec, article, spec.title, opts)) {
        notes.push({ ...n, object: p.object });
        article.notedOn.push(n.notedOn);
      }
    }
    packages.push({ title: spec.title, object: p.object, articles });
  }

  const written = await writeNotes(deps, rc, session, notes, mark?.inFlight === true);
  const now = deps.now();
  let seq = await topLedgerSeq(db, rc.run.id);
  const ledger = (object: string, entity: string, sourceKey: string, destinationId: string, hash: string, batchKey: string) =>
    db
      .insert(runLedger)
      .values({ runId: rc.run.id, seq: ++seq, object, entity, sourceKey, destinationId, op: 'created', before: null, hash, batchKey, writtenAt: now })
      .onConflictDoUpdate({ target: [runLedger.runId, runLedger.object, runLedger.sourceKey], set: { destinationId, hash, writtenAt: now } });
  const batchKey = await contentHash([rc.run.id, PACKAGE_REPORT]);
  for (const a of articleEntries) {
    statements.push(ledger(a.object, PACKAGE_ENTITY, a.row.sourceKey!, a.path, a.row.hash!, batchKey), db.update(runRows).set({ status: 'loaded' }).where(rowKey(a.row)));
  }
  for (const [i, n] of notes.entries()) {
    const outcome = written[i]!;
    const record: StagedRecord = { sourceKey: n.sourceKey, identifier: {}, data: n.data, owner: null, refs: [], keys: {}, entity: 'notes', marker: n.marker };
    const hash = await mappedHash(n.data);
    const ok = outcome.status === 'written';
    statements.push(
      db
        .insert(runRows)
        .values({
          runId: rc.run.id,
          object: noteObject(n.object),
          // One article row may leave several notes: each is told apart by its number after the article's file.
          file: `${n.article.file}#${n.index}`,
          line: n.article.line,
          raw: n.article.raw,
          status: ok ? 'loaded' : 'quarantined',
          reason: ok ? null : `Freshsales refused the note naming the article: ${outcome.error.message}`,
          sourceKey: n.sourceKey,
          data: JSON.stringify(record),
          hash,
        })
        .onConflictDoNothing(),
    );
    if (ok) statements.push(ledger(noteObject(n.object), 'notes', n.sourceKey, outcome.destinationId, hash, batchKey));
  }
  // A run that packaged nothing (a sample, a delta where no article changed) hands over no empty package.
  if (articleEntries.length) statements.push(reportStatement(db, rc.run.id, PACKAGE_REPORT, { header: runHeader(rc, now), packages } satisfies DocumentPackageReport, now));
  statements.push(writeCheckpoint(db, rc.run.id, 'package', { done: true }, now));
  await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}

/**
 * The notes an article leaves: one on each loaded contact, account or deal the export links it to. A link to a record
 * that did not load, or to a kind of record a note cannot hang off, leaves none; the article is in the package either
 * way, and the package lists the records it was noted on.
 */
async function notesFor(deps: RunnerDeps, rc: RunContext, object: string, row: StagedRow, rec: StagedRecord, article: PackagedArticle, title: string, opts: LoadOptions) {
  const links = linksOf(rec, object, rc.mapping, false);
  if (links.length === 0) return [];
  const keys = await sourceKeysFor(deps.db, rc.run.id, links);
  const out: Note[] = [];
  for (const l of links) {
    const key = keys.get(linkId(l));
    const entity = rc.plan.find((x) => x.object === l.toObject)?.entity;
    const type = entity ? TARGETABLE_TYPE[entity] : undefined;
    if (!key || !entity || !type) continue;
    const id = (await destinationIdsFor(deps.db, opts.chain, l.toObject, [key])).get(key);
    if (!id || out.some((n) => n.target.id === id && n.target.type === type)) continue;
    const sourceKey = `${row.sourceKey}>${l.toObject}:${key}`;
    const marker = activityMarker(`${noteObject(object)}:${sourceKey}`);
    // The marker is the note's last line, as on every activity Ferry writes: a retried write finds the note by it.
    const description = `${title} article "${article.title}" (${row.sourceKey}) is not in Freshsales, which has no place for articles: the run's document package holds it as ${article.path}.\n${marker}`;
    out.push({ article: row, sourceKey, index: out.length + 1, data: { description }, target: { type, id }, marker, notedOn: { object: l.toObject, sourceKey: key, entity, id } });
  }
  return out;
}

/** Writes the notes one call each (as activities are written); a write a crash interrupted is retried as such. */
async function writeNotes(deps: RunnerDeps, rc: RunContext, session: DestinationSession, notes: Note[], retried: boolean) {
  if (notes.length === 0) return [];
  await deps.db.batch([writeCheckpoint(deps.db, rc.run.id, 'package', { inFlight: true }, deps.now())]);
  const outcomes = [];
  for (let i = 0; i < notes.length; i += deps.tuning.loadBatch) {
    const slice = notes.slice(i, i + deps.tuning.loadBatch);
    const records = slice.map((n) => ({
      sourceKey: n.sourceKey,
      identifier: {},
      data: { ...n.data, targetable_type: n.target.type, targetable_id: /^\d+$/.test(n.target.id) ? Number(n.target.id) : n.target.id },
      marker: n.marker,
    }));
    const key = await contentHash([rc.run.id, PACKAGE_REPORT, i]);
    const results = await session.write({ key, entity: 'notes', records, ...(retried ? { retried: true } : {}) });
    for (const n of slice) outcomes.push(results.find((r) => r.sourceKey === n.sourceKey)!);
  }
  return outcomes;
}
