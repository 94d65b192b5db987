import { and, eq, sql } from 'drizzle-orm';
import { runRows } from '../../../db/schema/index.ts';
import type { StagedRecord } from '../transform/index.ts';
import { isModuleObject } from './custom-module-kinds.ts';
import type { RunnerDeps } from './deps.ts';
import { linkId, linksOf, sourceKeysFor } from './resolve-refs.ts';
import type { RunContext } from './run-context.ts';
import { readCheckpoint, writeCheckpoint } from './run-store.ts';
import { pagesOf } from './staging.ts';

export const DEFAULT_SAMPLE_SIZE = 200;

/**
 * Picks a representative slice for a sample run: rows spread evenly through each object's files, in proportion to
 * the object's size (at least one each), plus every row they link to so links resolve. The rest is marked skipped.
 */
export async function selectSample(deps: RunnerDeps, rc: RunContext, size: number): Promise<void> {
  const { db } = deps;
  if ((await readCheckpoint(db, rc.run.id, 'sample')) !== null) return;
  const counts = new Map<string, number>();
  // Custom-module records are sampled like any record (they have no entity of the protocol's own).
  for (const p of rc.plan.filter((x) => (x.entity || isModuleObject(x)) && !x.derivedFrom)) {
    const [row] = await db
      .select({ n: sql<number>`count(*)` })
      .from(runRows)
      .where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, p.object), eq(runRows.status, 'ready')));
    counts.set(p.object, row?.n ?? 0);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const picked = new Map<string, Set<string>>(rc.plan.map((p) => [p.object, new Set<string>()]));
  // Dependents first, so what they link to joins the pick of the objects loaded before them.
  for (const p of [...rc.plan].reverse()) {
    const set = picked.get(p.object)!;
    const rows = counts.get(p.object) ?? 0;
    const quota = p.derivedFrom ? 0 : Math.min(rows, Math.max(1, Math.round((size * rows) / Math.max(1, total))));
    const step = quota > 0 ? rows / quota : Infinity;
    let index = 0;
    let next = 0;
    for await (const page of pagesOf(db, rc.run.id, p.object, 'ready', 1000)) {
      const chosen: StagedRecord[] = [];
      for (const row of page) {
        if (index >= next) {
          next += step;
          set.add(row.sourceKey!);
        }
        if (set.has(row.sourceKey!)) chosen.push(JSON.parse(row.data!) as StagedRecord);
        index++;
      }
      const links = chosen.flatMap((r) => linksOf(r, p.object, rc.mapping, rc.plan.some((x) => x.derivedFrom === p.object)));
      const keys = await sourceKeysFor(db, rc.run.id, links);
      for (const l of links) {
        const key = keys.get(linkId(l));
        if (key) picked.get(l.toObject)?.add(key);
      }
    }
  }
  const statements = [];
  for (const p of rc.plan) {
    const keep = [...picked.get(p.object)!];
    statements.push(
      db
        .update(runRows)
        .set({ status: 'skipped', reason: 'outside the sample' })
        .where(
          and(
            eq(runRows.runId, rc.run.id),
            eq(runRows.object, p.object),
            eq(runRows.status, 'ready'),
            keep.length ? sql`${runRows.sourceKey} not in (${sql.join(keep.map((k) => sql`${k}`), sql`, `)})` : undefined,
          ),
        ),
    );
  }
  statements.push(writeCheckpoint(db, rc.run.id, 'sample', { size }, deps.now()));
  await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}
