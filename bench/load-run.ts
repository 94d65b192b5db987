// npm run bench:load — a full run of the Kartra fixture scope over a generated export (BENCH_CONTACTS contacts, default
// 200,000, with their companies as accounts, half as many transactions and a tenth as many subscriptions as deals) into
// the Freshsales sandbox on the Enterprise plan, with the hour and minute compressed BENCH_TIME_SCALE times (default 20)
// on both sides: the sandbox's rate windows and bulk jobs, and the runner's budget and job waits. The run is driven
// end to end by driveRun (extract → transform → owner gate → snapshot → load → reconcile) with the deps the service
// builds; the service itself only signs off the scope and queues the run (its worker is off).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { runLedger } from '../db/schema/index.ts';
import type { Reconciliation } from '../src/reports/run/input.ts';
import { planLimits } from '../src/runner/budget/plan-limits.ts';
import { driveRun } from '../src/runner/pipeline/driver.ts';
import { readReport } from '../src/runner/pipeline/reports-store.ts';
import { readRun } from '../src/runner/pipeline/run-store.ts';
import type { RunStatus } from '../src/runner/statuses.ts';
import { planRate, windowedAllowance, windowedMinimum } from './runner/budget-math.ts';
import { countingFetch, type CallKind } from './runner/call-counter.ts';
import { writeKartraExport } from './runner/kartra-export.ts';
import { queueKartraRun } from './runner/kartra-run.ts';
import { printTable } from './runner/table.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 200_000);
const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 20);
const PLAN = 'enterprise' as const;
const limits = planLimits(PLAN);

const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-load-'));
try {
  let t = performance.now();
  const generated = await writeKartraExport(dir, { contacts: CONTACTS, transactions: Math.round(CONTACTS / 2), subscriptions: Math.max(1, Math.round(CONTACTS / 20)) });
  console.log(
    `bench:load  ${CONTACTS.toLocaleString('en-US')} contacts (${generated.companies.toLocaleString('en-US')} companies), ${generated.transactions.toLocaleString('en-US')} transactions, ` +
      `${generated.subscriptions.toLocaleString('en-US')} subscriptions (generated in ${((performance.now() - t) / 1000).toFixed(1)} s); ` +
      `Freshsales ${PLAN}: ${limits.perHour}/hour, ${limits.perMinute}/minute, time ÷ ${TIME_SCALE}`,
  );

  const counter = countingFetch();
  const run = await queueKartraRun({ dir, plan: PLAN, timeScale: TIME_SCALE, fetch: counter.fetch });
  const { deps, runId } = run;
  try {
    // The status as it changes, polled: when each phase began. A new status began at some point after the previous
    // look, so it is dated then, and no call the phase made early is counted in the phase before.
    const entered = new Map<RunStatus, number>();
    let watching = true;
    const watcher = (async () => {
      let previous = Date.now();
      while (watching) {
        const at = Date.now();
        const status = (await readRun(deps.db, runId))!.status;
        if (!entered.has(status)) entered.set(status, previous);
        previous = at;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const started = Date.now();
    await driveRun(deps, runId, new AbortController().signal);
    const ended = Date.now();
    watching = false;
    await watcher;
    const final = (await readRun(deps.db, runId))!;
    if (final.status !== 'completed') throw new Error(`the run ended ${final.status}: ${final.error ?? 'no error recorded'}`);

    const sandboxCalls = (await (await fetch(`${run.sandbox.url}/_sandbox/calls`)).json()) as { total: number; limited: number };
    const reconciliation = (await readReport<Reconciliation>(deps.db, runId, 'reconciliation'))!;
    const [written] = await deps.db.select({ n: sql<number>`count(*)` }).from(runLedger).where(eq(runLedger.runId, runId));

    // The API-bound stretch: from the owner gate (loading) to the end. Before it the run reads files and its database.
    const from = entered.get('loading') ?? started;
    const inStretch = counter.calls.filter((c) => c.at >= from);
    const accepted = inStretch.filter((c) => c.status !== 429);
    const count = (kind: CallKind) => accepted.filter((c) => c.kind === kind).length;
    const jobs = count('bulk_upsert');
    const writeCalls = jobs + count('upsert');
    // A job needs one status poll at best; more are calls a better guess of its duration would have saved.
    const extraPolls = Math.max(0, count('job_status') - jobs);
    const needed = accepted.length - extraPolls;
    const stretchMs = ended - from;
    const fluidMin = needed / planRate(limits, TIME_SCALE);
    const windowedMin = windowedMinimum(limits, TIME_SCALE, from, needed);
    const allNeeded = counter.calls.filter((c) => c.status !== 429).length - extraPolls;
    // The same run at real speed: the local phases take what they took, the API-bound stretch takes TIME_SCALE times longer.
    const realWall = from - started + stretchMs * TIME_SCALE;
    const realMin = allNeeded / planRate(limits, 1);

    const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const spans = (['queued', 'extracting', 'transforming', 'loading', 'reconciling'] as RunStatus[])
      .filter((p) => entered.has(p))
      .map((phase, i, all) => ({ phase, start: entered.get(phase)!, end: entered.get(all[i + 1]!) ?? ended }));
    console.log(`  phases (wall): ${spans.map((s) => `${s.phase} ${secs(s.end - s.start)}`).join(', ')}${entered.has('paused') ? '; paused for the budget at times' : ''}`);
    for (const o of reconciliation.objects)
      console.log(`  ${o.object.padEnd(16)} ${String(o.sourceRows).padStart(8)} rows: ${o.created} created, ${o.updated} updated, ${o.merged} merged, ${o.quarantined} quarantined; read back ${o.readBack}, ${o.hashMismatched} mismatched`);
    console.log(`  reconciliation ${reconciliation.ok ? 'green' : 'NOT green'}; calls by kind in the API-bound stretch: ` + (['bulk_upsert', 'upsert', 'job_status', 'list', 'lookup', 'other'] as const).map((k) => `${k} ${count(k)}`).join(', '));
    console.log('');
    const ratio = (x: number) => x.toFixed(3);
    printTable(
      ['', 'figure', 'target'],
      [
        ['calls made ÷ allowed (plan rate × elapsed)', ratio(accepted.length / (planRate(limits, TIME_SCALE) * stretchMs)), '>= 0.95'],
        ['calls made ÷ allowed (fixed windows touched)', ratio(accepted.length / windowedAllowance(limits, TIME_SCALE, from, ended)), '>= 0.95'],
        ['429s received (sandbox count)', `${sandboxCalls.limited}`, '0'],
        ['records per write call', (written!.n / Math.max(1, writeCalls)).toFixed(1), ''],
        ['records per call (all calls of the stretch)', (written!.n / Math.max(1, accepted.length)).toFixed(1), ''],
        ['job status polls per bulk job', (count('job_status') / Math.max(1, jobs)).toFixed(2), ''],
        ['wall ÷ minimum (needed calls ÷ plan rate)', ratio(stretchMs / fluidMin), '<= 1.05'],
        // Calls that all fit in the first minute window have no windowed minimum to speak of.
        ['wall ÷ minimum (fixed windows spent in full)', windowedMin > 0 ? ratio(stretchMs / windowedMin) : 'n/a', '<= 1.05'],
        ['whole run at real speed ÷ minimum', ratio(realWall / realMin), ''],
      ],
    );
    console.log('');
    // Per phase: how much of the plan's rate each API-bound phase used, and the calls it made per second of wall time.
    printTable(
      ['phase', 'wall', 'calls', 'calls/s', 'calls ÷ (plan rate × wall)'],
      spans
        .filter((s) => s.phase === 'loading' || s.phase === 'reconciling')
        .map((s) => {
          const n = accepted.filter((c) => c.at >= s.start && c.at < s.end).length;
          const ms = s.end - s.start;
          return [s.phase, secs(ms), String(n), ((n / ms) * 1000).toFixed(1), ratio(n / (planRate(limits, TIME_SCALE) * ms))];
        }),
    );
    console.log('');
    console.log(
      `  API-bound stretch ${secs(stretchMs)} wall = ${(stretchMs * TIME_SCALE / 3_600_000).toFixed(2)} h at real speed; ${accepted.length} calls made, ${needed} needed ` +
        `(minimum ${secs(fluidMin)} at the plan rate, ${secs(windowedMin)} spending fixed windows in full); ${written!.n.toLocaleString('en-US')} records written`,
    );
    console.log(
      `  whole run ${secs(ended - started)} wall (extract + transform ${secs(from - started)}); at real speed ${(realWall / 3_600_000).toFixed(2)} h against a minimum of ${(realMin / 3_600_000).toFixed(2)} h; ` +
        `sandbox saw ${sandboxCalls.total} calls, ${sandboxCalls.limited} refused`,
    );
  } finally {
    await run.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
