import { runRows } from '../../../db/schema/index.ts';
import type { Json } from '../protocol.ts';
import type { RunnerDeps } from './deps.ts';
import { planFiles } from './plan.ts';
import { RunStopped, type RunContext } from './run-context.ts';
import { readCheckpoint, setPhaseProgress, writeCheckpoint } from './run-store.ts';

type Bookmark = { [k: string]: Json };

/**
 * Copies every export file the mapping reads into staging, one row per (object, file, line). Staged rows and the
 * file's bookmark are written in one transaction, and inserts ignore rows already staged, so a crash at any point
 * resumes from the last bookmark without losing or doubling a row.
 */
export async function extract(deps: RunnerDeps, rc: RunContext): Promise<void> {
  const { db } = deps;
  const source = await rc.source();
  const streams = new Map((await source.discover()).map((s) => [s.name, s]));
  const files = planFiles(rc.plan);
  const missing = files.filter((f) => !streams.has(f));
  if (missing.length) {
    throw new RunStopped(`the source has no file ${missing.map((f) => `"${f}"`).join(', ')} that the scope maps; it has ${[...streams.keys()].join(', ') || 'no files'}`);
  }
  // Discovery counted the rows of each file; a newer export may hold more, so this is an estimate for the ETA only.
  const expected = rc.plan.filter((p) => p.mapping).reduce((n, p) => n + p.mapping!.rows, 0);
  const progress = { name: 'extracting', done: 0, total: expected, startedAt: deps.now().getTime() };

  for (const file of files) {
    const objects = rc.plan.filter((p) => !p.derivedFrom && p.files.includes(file)).map((p) => p.object);
    const name = `extract:${file}`;
    let bookmark = await readCheckpoint<Bookmark>(db, rc.run.id, name);
    if (bookmark?.complete === true) continue;
    let pending: (typeof runRows.$inferInsert)[] = [];
    const flush = async (state: Bookmark | null) => {
      const statements = [];
      for (let i = 0; i < pending.length; i += 400) statements.push(db.insert(runRows).values(pending.slice(i, i + 400)).onConflictDoNothing());
      if (state) statements.push(writeCheckpoint(db, rc.run.id, name, state, deps.now()));
      if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
      progress.done += pending.length / Math.max(1, objects.length);
      pending = [];
      await setPhaseProgress(db, rc.run.id, progress, deps.now());
      rc.ctx.signal.throwIfAborted();
    };
    for await (const m of source.read(file, bookmark)) {
      if (m.type === 'record') {
        const raw = JSON.stringify(m.data);
        for (const object of objects) pending.push({ runId: rc.run.id, object, file, line: m.position.line, raw, status: 'staged' });
        // A source that bookmarks rarely must not make us hold many rows: flushing under the old bookmark is safe.
        if (pending.length >= deps.tuning.extractBatch * 4) await flush(bookmark);
      } else {
        bookmark = m.state as Bookmark;
        if (pending.length >= deps.tuning.extractBatch) await flush(bookmark);
      }
    }
    await flush({ ...(bookmark ?? {}), complete: true });
  }
}
