import { and, asc, eq, inArray } from 'drizzle-orm';
import { runLedger, runRows } from '../../../db/schema/index.ts';
import type { FieldDiff, Reconciliation } from '../../reports/run/input.ts';
import type { DocumentPackageReport, PackagedArticle } from '../../reports/run/kb-input.ts';
import type { DestinationSession } from '../protocol.ts';
import { mappedHash, type StagedRecord } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import { DOCUMENT_ENTITY, PACKAGE_ENTITY } from './documents-kinds.ts';
import type { StagedArticle, StagedDocument } from './documents-transform.ts';
import { PACKAGE_REPORT } from './kb-package.ts';
import { readReport } from './reports-store.ts';
import type { RunContext } from './run-context.ts';
import type { StagedRow } from './staging.ts';

export interface ReadBackTally {
  readBack: number;
  matched: number;
  mismatched: number;
}

const diff = (field: string, label: string, expected: unknown, actual: unknown): FieldDiff => ({ field, label, column: null, source: null, expected, actual, match: expected === actual });

/** This run's ledger rows of one file entity, a page at a time, with the staged row each came from. */
async function* written(deps: RunnerDeps, rc: RunContext, entity: string) {
  const { db } = deps;
  for (let offset = 0; ; offset += deps.tuning.readBackBatch) {
    const page = await db
      .select()
      .from(runLedger)
      .where(and(eq(runLedger.runId, rc.run.id), eq(runLedger.entity, entity)))
      .orderBy(asc(runLedger.seq))
      .limit(deps.tuning.readBackBatch)
      .offset(offset);
    if (page.length === 0) return;
    const rows: StagedRow[] = [];
    for (const object of new Set(page.map((l) => l.object))) {
      const keys = page.filter((l) => l.object === object).map((l) => l.sourceKey);
      rows.push(...(await db.select().from(runRows).where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, object), eq(runRows.status, 'loaded'), inArray(runRows.sourceKey, keys)))));
    }
    yield page.map((ledger) => ({ ledger, row: rows.find((r) => r.object === ledger.object && r.sourceKey === ledger.sourceKey) }));
  }
}

/**
 * Reads back what the run wrote as files: each uploaded document by its id (one call each; its name and size must be
 * what was uploaded), and each packaged article from the stored package (its content must hash as it was staged).
 * Returns a tally per object for the reconciliation's counts; differences are added to `mismatches`.
 */
export async function readBackFiles(deps: RunnerDeps, rc: RunContext, session: DestinationSession, mismatches: Reconciliation['mismatches']): Promise<Map<string, ReadBackTally>> {
  const tallies = new Map<string, ReadBackTally>();
  const tally = (object: string) => tallies.get(object) ?? tallies.set(object, { readBack: 0, matched: 0, mismatched: 0 }).get(object)!;
  const record = (object: string, sourceKey: string, destinationId: string, fields: FieldDiff[]) => {
    const t = tally(object);
    t.readBack++;
    if (fields.every((f) => f.match)) t.matched++;
    else {
      t.mismatched++;
      mismatches.push({ object, sourceKey, destinationId, fields: fields.filter((f) => !f.match) });
    }
  };

  for await (const page of written(deps, rc, DOCUMENT_ENTITY)) {
    const found = (await session.documents?.fetch(page.map((x) => x.ledger.destinationId))) ?? new Map();
    for (const { ledger, row } of page) {
      const actual = found.get(ledger.destinationId);
      tally(ledger.object);
      if (!actual) continue;
      const doc = (JSON.parse(row?.data ?? '{"data":{}}') as StagedRecord).data as unknown as Partial<StagedDocument>;
      record(ledger.object, ledger.sourceKey, ledger.destinationId, [diff('name', 'file name', doc.fileName, actual.name), diff('file_size', 'size (bytes)', doc.uploadedSize, actual.size)]);
    }
  }

  const stored = await readReport<DocumentPackageReport>(deps.db, rc.run.id, PACKAGE_REPORT);
  const byPath = new Map<string, PackagedArticle>((stored?.packages ?? []).flatMap((p) => p.articles.map((a) => [a.path, a] as const)));
  for await (const page of written(deps, rc, PACKAGE_ENTITY)) {
    for (const { ledger } of page) {
      const article = byPath.get(ledger.destinationId);
      tally(ledger.object);
      if (!article) continue;
      const kept: StagedArticle = { title: article.title, categories: article.categories, body: article.body, details: article.details };
      const hash = await mappedHash(kept as unknown as Record<string, unknown>);
      record(ledger.object, ledger.sourceKey, ledger.destinationId, [diff('(article)', 'article as staged', ledger.hash, hash)]);
    }
  }
  return tallies;
}
