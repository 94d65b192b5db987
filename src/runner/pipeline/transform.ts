import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { runKeys, runRows } from '../../../db/schema/index.ts';
import { knowledgeBase } from '../../../rules/index.ts';
import { isActivityEntity, isCatalogueEntity, type DestinationDescription, type DestinationSession } from '../protocol.ts';
import { compileActivityTransform, compileTransform, dedupeByEmail, mappedHash, NATURAL_KEY_LABEL, normaliseKeyValue, type StagedRecord } from '../transform/index.ts';
import { CUSTOM_MODULE_OBJECT } from './custom-module-kinds.ts';
import { compileCustomModules } from './custom-module-transform.ts';
import type { RunnerDeps } from './deps.ts';
import { isDocumentObject } from './documents-kinds.ts';
import { transformDocuments } from './documents-transform.ts';
import { enrichmentProblems, enrichmentsOf, foldEnrichments, lookupObjects } from './enrich.ts';
import { foldLookups } from './enrich-lookup.ts';
import { mergeAcrossObjects } from './merge-across.ts';
import { planHasCatalogue } from '../destinations/freshsales/product-fields.ts';
import { handOverCatalogue } from './products-handover.ts';
import { compileCatalogueTransform } from './products-transform.ts';
import type { PlanObject } from './plan.ts';
import { RunStopped, type RunContext } from './run-context.ts';
import { readCheckpoint, setPhaseProgress, writeCheckpoint } from './run-store.ts';
import { pagesOf, rowKey, type StagedRow } from './staging.ts';
import { stageRows } from './stage-rows.ts';
import { settleUniqueValues } from './unique-values.ts';

/** The platform's export preset (rules/platforms/<platform>.json): its list separator and the amount formats it uses. */
function exportPresetOf(platform: string): { listSeparator?: string; amountFormats?: string[] } {
  const channels = knowledgeBase.source(platform)?.channels;
  const preset = channels && 'export' in channels ? channels.export : undefined;
  const separator = preset?.multiValueSeparator;
  const amounts = [...(preset?.amountFormat ? [preset.amountFormat] : []), ...(preset?.otherAmountFormats ?? [])];
  return { ...(separator ? { listSeparator: separator } : {}), ...(amounts.length ? { amountFormats: amounts } : {}) };
}

/**
 * Turns staged rows into Freshsales records with the approved mapping. Every row ends ready or quarantined with
 * its reason; rows that are the same record (one email, one account name) are merged into the newest; rows whose
 * pair-card row writes no record of its own are carried onto the record they name; accounts named in free text
 * become rows of their own; a value Freshsales keeps unique stays with the first row that has it. A row's new
 * status is written with its result, so a crash resumes with the rest.
 */
export async function transform(deps: RunnerDeps, rc: RunContext, destination: DestinationDescription, session: DestinationSession): Promise<void> {
  const { db } = deps;
  const total = rc.plan.filter((p) => p.mapping).reduce((n, p) => n + p.mapping!.rows, 0);
  const progress = { name: 'transforming', done: 0, total, startedAt: deps.now().getTime() };
  const enrichments = new Set(enrichmentsOf(rc).map((e) => e.object));
  const lookups = lookupObjects(rc);
  const compiled = rc.plan
    .filter((p) => p.mapping && p.entity)
    .map((p) => {
      const input = { mapping: rc.mapping, object: p.object, profiles: p.profiles, destination, ...exportPresetOf(rc.sourcePlatform), ...(enrichments.has(p.object) ? { enrichment: true } : {}), lookups };
      const entity = p.entity!;
      if (isCatalogueEntity(entity)) return { p, t: compileCatalogueTransform({ ...input, entity, hasCatalogue: planHasCatalogue(rc.destination.plan) }) };
      return { p, t: isActivityEntity(entity) ? compileActivityTransform({ ...input, entity }) : compileTransform({ ...input, entity }) };
    });
  // Custom-object rows on a plan with custom modules: each becomes a record of the module its object name finds.
  compiled.push(...(await compileCustomModules(rc, session, destination, exportPresetOf(rc.sourcePlatform))));
  const problems = [...compiled.flatMap((c) => c.t.problems.map((p) => p.message)), ...enrichmentProblems(rc, destination)];
  if (problems.length) throw new RunStopped(`the destination account is not ready for this scope: ${problems.join('; ')}`);
  // Rows that become files (attachments, document packages) are staged by their own transform.
  await transformDocuments(deps, rc);

  for (const p of rc.plan.filter((x) => x.mapping && !x.entity && !isDocumentObject(x) && x.destinationObject !== CUSTOM_MODULE_OBJECT)) {
    await db
      .update(runRows)
      .set({ status: 'quarantined', reason: `Ferry does not load ${p.destinationObject} records yet; the row is kept here for a manual import` })
      .where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, p.object), eq(runRows.status, 'staged')));
  }

  for (const { p, t } of compiled) {
    if ((await readCheckpoint(db, rc.run.id, `transform:${p.object}`)) !== null) continue;
    await stageRows(deps, rc, p.object, (row, at) => t.transform(row, at), async (n) => {
      progress.done += n;
      await setPhaseProgress(db, rc.run.id, progress, deps.now());
    });
    // Enrichment rows are each folded into the record they name, never into one another.
    if (!enrichments.has(p.object)) await mergeDuplicates(deps, rc, p);
    await db.batch([writeCheckpoint(db, rc.run.id, `transform:${p.object}`, true, deps.now())]);
  }
  await foldLookups(deps, rc);
  await foldEnrichments(deps, rc);
  await mergeAcrossObjects(deps, rc);
  await handOverCatalogue(deps, rc, destination);
  for (const p of rc.plan.filter((x) => x.derivedFrom)) await deriveAccounts(deps, rc, p);
  await settleUniqueValues(deps, rc, destination);
}

/** Rows of one object sharing an email or an account name (or a source key) are one record: keep the newest, mark the rest merged into it. */
async function mergeDuplicates(deps: RunnerDeps, rc: RunContext, p: PlanObject) {
  const { db } = deps;
  for (const column of [runRows.dedupeKey, runRows.sourceKey]) {
    const groups = await db
      .select({ key: column })
      .from(runRows)
      .where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, p.object), eq(runRows.status, 'ready'), isNotNull(column)))
      .groupBy(column)
      .having(sql`count(*) > 1`);
    for (const { key } of groups) {
      const rows = await db.select().from(runRows).where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, p.object), eq(runRows.status, 'ready'), eq(column, key!)));
      // Grouped by email or by source key alike: the group key stands in for the email the dedupe rule compares.
      const { merged } = dedupeByEmail(rows.map((row) => ({ row, position: { file: row.file, line: row.line }, record: { email: key!, cursor: row.cursor ?? undefined } })),
        column === runRows.sourceKey ? 'source id' : (NATURAL_KEY_LABEL[p.entity!] ?? 'key'),
      );
      const statements = [];
      for (const m of merged) {
        statements.push(db.update(runRows).set({ status: 'merged', reason: m.reason, detail: m.into.row.sourceKey }).where(rowKey(m.row.row)));
        // The merged row's own keys must lead to the record that survives.
        for (const [col, value] of Object.entries((JSON.parse(m.row.row.data!) as StagedRecord).keys)) {
          statements.push(
            db
              .insert(runKeys)
              .values({ runId: rc.run.id, object: p.object, column: col, value, sourceKey: m.into.row.sourceKey! })
              .onConflictDoUpdate({ target: [runKeys.runId, runKeys.object, runKeys.column, runKeys.value], set: { sourceKey: m.into.row.sourceKey! } }),
          );
        }
      }
      if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    }
  }
}

/** One account per distinct company name the contacts carry, staged as rows of their own so they load, reconcile and roll back like the rest. */
async function deriveAccounts(deps: RunnerDeps, rc: RunContext, p: PlanObject) {
  const { db } = deps;
  const seen = new Set<string>();
  for await (const page of pagesOf(db, rc.run.id, p.derivedFrom!, 'ready', 1000)) {
    const statements = [];
    for (const row of page as StagedRow[]) {
      const name = (JSON.parse(row.data!) as StagedRecord).accountName?.trim();
      const key = name ? normaliseKeyValue(name, 'name') : '';
      if (!name || seen.has(key)) continue;
      seen.add(key);
      const record: StagedRecord = {
        sourceKey: key,
        identifier: { name },
        data: { name, custom_field: { cf_ferry_source_id: `${p.object}:${key}` } },
        owner: null,
        refs: [],
        keys: { name: key },
      };
      statements.push(
        db
          .insert(runRows)
          .values({ runId: rc.run.id, object: p.object, file: row.file, line: row.line, raw: JSON.stringify({ name }), status: 'ready', sourceKey: key, data: JSON.stringify(record), hash: await mappedHash(record.data) })
          .onConflictDoNothing(),
        db.insert(runKeys).values({ runId: rc.run.id, object: p.object, column: 'name', value: key, sourceKey: key }).onConflictDoNothing(),
      );
    }
    if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
  }
}
