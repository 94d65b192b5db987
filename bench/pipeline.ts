// npm run bench:pipeline — a generated Kartra contacts export (BENCH_ROWS rows, default 1,000,000, ~215 MB) through
// the runner's extract → stage → transform into a fresh libSQL file database, beside bare csv-parse over the same file
// in the same process. The measured code is production's: the exports source over the file system, and the extract
// and transform phases of a full run of the Kartra fixture scope, signed off through the real service (see
// bench/runner/kartra-run.ts). Only the export is generated.
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { and, desc, eq, sql } from 'drizzle-orm';
import { runRows } from '../db/schema/index.ts';
import { extract } from '../src/runner/pipeline/extract.ts';
import { loadRunContext } from '../src/runner/pipeline/run-context.ts';
import { moveRun, readRun } from '../src/runner/pipeline/run-store.ts';
import { rowCounts } from '../src/runner/pipeline/staging.ts';
import { transform } from '../src/runner/pipeline/transform.ts';
import { writeKartraExport } from './runner/kartra-export.ts';
import { queueKartraRun } from './runner/kartra-run.ts';
import { breakdown, maxRss, mb, sampleRss } from './runner/peak-rss.ts';
import { printTable } from './runner/table.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const WARMUPS = 3;
const WARMUP_ROWS = 20_000;

/** Bare csv-parse, streaming, one object per record (columns: true): the floor any CSV-reading pipeline stands on. */
async function csvParse(file: string) {
  const started = performance.now();
  let records = 0;
  for await (const _record of createReadStream(file).pipe(parse({ columns: true }))) records++;
  return { records, ms: performance.now() - started };
}

const root = mkdtempSync(join(tmpdir(), 'ferry-bench-pipeline-'));
const exportDir = join(root, 'exports');
const warmupDir = join(root, 'warmup');
try {
  mkdirSync(exportDir);
  mkdirSync(warmupDir);
  let t = performance.now();
  // The scope maps transactions.csv and subscriptions.csv too; a few rows each keep the measurement about contacts.
  const generated = await writeKartraExport(exportDir, { contacts: ROWS, transactions: 10, subscriptions: 10 });
  await writeKartraExport(warmupDir, { contacts: WARMUP_ROWS, transactions: 10, subscriptions: 10, seed: 7 });
  const file = join(exportDir, 'contacts.csv');
  console.log(`bench:pipeline  ${ROWS.toLocaleString('en-US')} contact rows, ${mb(statSync(file).size)} (generated in ${((performance.now() - t) / 1000).toFixed(1)} s)`);

  // csv-parse is measured before and after the pipeline, so a neighbour's load on the shared cores shows as a spread.
  for (let i = 0; i < WARMUPS; i++) await csvParse(join(warmupDir, 'contacts.csv'));
  const bareRss = sampleRss();
  const before = await csvParse(file);
  const bareRssPeak = bareRss.stop();
  if (before.records !== ROWS) throw new Error(`csv-parse read ${before.records} records, expected ${ROWS}`);

  const run = await queueKartraRun({ dir: exportDir, plan: 'enterprise' });
  const { deps, runId } = run;
  try {
    const signal = new AbortController().signal;
    const queued = (await readRun(deps.db, runId))!;
    const rc = await loadRunContext(deps, queued, signal);
    // The describe the transform phase needs is a few API calls, made before timing starts (driveRun caches it too).
    const session = await rc.target();
    const destination = await session.describe();
    await moveRun(deps.db, runId, ['queued'], 'extracting', { phase: 'extracting', startedAt: deps.now() });
    rc.run = (await readRun(deps.db, runId))!;

    const rss = sampleRss();
    t = performance.now();
    await extract(deps, rc);
    const extractMs = performance.now() - t;
    await moveRun(deps.db, runId, ['extracting'], 'transforming', { phase: 'transforming' });
    rc.run = (await readRun(deps.db, runId))!;
    t = performance.now();
    await transform(deps, rc, destination, session);
    const transformMs = performance.now() - t;
    const pipelineRss = rss.stop();

    const after = await csvParse(file);
    const counts = await rowCounts(deps.db, runId);
    const reasons = await deps.db
      .select({ reason: runRows.reason, n: sql<number>`count(*)` })
      .from(runRows)
      .where(and(eq(runRows.runId, runId), eq(runRows.status, 'quarantined')))
      .groupBy(runRows.reason)
      .orderBy(desc(sql`count(*)`))
      .limit(3);
    const dbPath = run.server.dbUrl.slice('file:'.length);
    const dbBytes = [dbPath, `${dbPath}-wal`].reduce((n, p) => n + (statSync(p, { throwIfNoEntry: false })?.size ?? 0), 0);

    const perSecond = (records: number, ms: number) => (records / ms) * 1000;
    const bare = (perSecond(ROWS, before.ms) + perSecond(ROWS, after.ms)) / 2;
    const pipeline = perSecond(ROWS, extractMs + transformMs);
    const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')} rec/s`;
    const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

    const staged = (object: string, status: string) => counts.find((c) => c.object === object && c.status === status)?.n ?? 0;
    console.log(
      `  staged contacts: ${staged('contact', 'ready').toLocaleString('en-US')} ready, ${staged('contact', 'merged').toLocaleString('en-US')} merged, ` +
        `${staged('contact', 'quarantined').toLocaleString('en-US')} quarantined; ${staged('contact.account', 'ready').toLocaleString('en-US')} accounts derived from ${generated.companies.toLocaleString('en-US')} company names`,
    );
    for (const r of reasons) console.log(`  quarantined ${String(r.n).padStart(7)} × ${r.reason}`);
    console.log('');
    printTable(
      ['', 'time', 'records/s', 'ratio'],
      [
        ['csv-parse, before the pipeline', secs(before.ms), rate(perSecond(ROWS, before.ms)), ''],
        ['csv-parse, after the pipeline', secs(after.ms), rate(perSecond(ROWS, after.ms)), ''],
        ['extract → stage', secs(extractMs), rate(perSecond(ROWS, extractMs)), (perSecond(ROWS, extractMs) / bare).toFixed(2)],
        ['transform (incl. dedupe, accounts)', secs(transformMs), rate(perSecond(ROWS, transformMs)), (perSecond(ROWS, transformMs) / bare).toFixed(2)],
        ['extract → stage → transform', secs(extractMs + transformMs), rate(pipeline), (pipeline / bare).toFixed(2)],
      ],
    );
    console.log('');
    console.log(`  ratio pipeline / csv-parse (mean of both) = ${(pipeline / bare).toFixed(2)}  (target >= 0.5)`);
    console.log(`  peak RSS during extract + transform ${mb(pipelineRss.rss)} (target < 300 MB): ${breakdown(pipelineRss)}`);
    console.log(`  peak RSS during csv-parse ${mb(bareRssPeak.rss)} (${breakdown(bareRssPeak)}); process high-water mark ${mb(maxRss())}`);
    console.log(`  staging database ${mb(dbBytes)} for ${mb(statSync(file).size)} of CSV`);
  } finally {
    await run.stop();
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
