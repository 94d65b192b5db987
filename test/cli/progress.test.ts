import { describe, expect, it } from 'vitest';
import {
  createProgressRenderer,
  formatBar,
  formatBudget,
  formatDuration,
  formatPhaseFigures,
  formatProgressLine,
  formatRunView,
  formatStatus,
} from '../../src/http/entry/cli/progress.ts';
import { runView, working } from './helpers.ts';

describe('formatting a run', () => {
  it('writes durations, figures and bars', () => {
    expect([formatDuration(0), formatDuration(45.4), formatDuration(90), formatDuration(3600 + 5 * 60 + 59)]).toEqual(['0s', '45s', '1m 30s', '1h 05m']);
    expect(formatPhaseFigures({ name: 'loading', done: 1234, total: 5000, ratePerSecond: 42, etaSeconds: 90 })).toBe(
      '1,234/5,000 records (24%), 42.0/s, ETA 1m 30s',
    );
    // No ETA until the phase has a rate to go by.
    expect(formatPhaseFigures({ name: 'extracting', done: 250_000, total: 400_000, ratePerSecond: 1234.4, etaSeconds: null })).toBe(
      '250,000/400,000 records (62%), 1234/s',
    );
    expect(formatPhaseFigures({ name: 'loading', done: 0, total: 0, ratePerSecond: 0, etaSeconds: null })).toBe('0/0 records (100%), 0.0/s');
    expect(formatBar({ name: 'loading', done: 50, total: 100, ratePerSecond: 0, etaSeconds: null }, 10)).toBe('loading      [█████░░░░░] 50/100 records (50%), 0.0/s');
    expect(formatBar({ name: 'extracting', done: 0, total: 7, ratePerSecond: 0, etaSeconds: null }, 4)).toBe('extracting   [░░░░] 0/7 records (0%), 0.0/s');
  });

  it('says why a run is paused and what a waiting run needs', () => {
    const budget = { limit: 5000, remaining: 0, resetAt: '2026-11-22T11:00:00Z', waitingUntil: '2026-11-22T11:00:00Z' };
    expect(formatStatus(working('loading', 10, 20, { status: 'paused', pauseReason: 'budget', budget }))).toBe(
      'paused (budget, waiting until 2026-11-22T11:00:00Z)',
    );
    expect(formatStatus(runView({ status: 'paused', pauseReason: 'requested' }))).toBe('paused (requested)');
    expect(formatStatus(runView({ status: 'awaiting_owners' }))).toBe('awaiting_owners (map the unknown owners, then: ferry run resume run_1)');
    expect(formatBudget(budget)).toBe('0 of 5,000 API calls left, resets at 2026-11-22T11:00:00Z, waiting until 2026-11-22T11:00:00Z');
    expect(formatBudget({ limit: null, remaining: null, resetAt: null, waitingUntil: null })).toBe('API calls left: not known yet');
    expect(formatProgressLine(runView())).toBe('queued');
    expect(formatProgressLine(working('loading', 100, 200))).toBe('loading: 100/200 records (50%), 12.5/s, ETA 8s');
    expect(formatProgressLine(working('loading', 100, 200, { status: 'paused', pauseReason: 'requested' }))).toBe(
      'paused (requested), loading: 100/200 records (50%), 12.5/s, ETA 8s',
    );
  });

  it('shows the whole run, where it writes, and an aligned table of object counts', () => {
    const counts = { rows: 1200, ready: 1100, quarantined: 20, merged: 5, created: 800, updated: 290, skipped: 0, conflicts: 1, failed: 9, warnings: 4 };
    const view = runView({
      mode: 'delta',
      parentRunId: 'run_0',
      status: 'failed',
      phase: 'loading',
      error: 'Freshsales answered 401 for the API key',
      startedAt: '2026-11-22T10:00:01.000Z',
      finishedAt: '2026-11-22T10:05:00.000Z',
      progress: {
        phase: { name: 'loading', done: 1100, total: 1100, ratePerSecond: 3.7, etaSeconds: 0 },
        objects: { contact: counts, sales_account: { ...counts, rows: 3, ready: 3, quarantined: 0, merged: 0, created: 3, updated: 0, failed: 0, conflicts: 0, warnings: 0 } },
      },
      budget: { limit: 5000, remaining: 4321, resetAt: '2026-11-22T11:00:00Z', waitingUntil: null },
    });
    expect(formatRunView(view)).toEqual([
      'run run_1: delta run of scope scope_1 v2, building on run run_0',
      'into:     freshsales https://acme.myfreshworks.com/crm/sales (pro plan)',
      'status:   failed',
      'phase:    loading: 1,100/1,100 records (100%), 3.7/s, ETA 0s',
      'budget:   4,321 of 5,000 API calls left, resets at 2026-11-22T11:00:00Z',
      'times:    created 2026-11-22T10:00:00.000Z, started 2026-11-22T10:00:01.000Z, finished 2026-11-22T10:05:00.000Z',
      'error:    Freshsales answered 401 for the API key',
      '',
      'object          rows  ready  quarantined  merged  created  updated  skipped  conflicts  failed  warnings',
      'contact        1,200  1,100           20       5      800      290        0          1       9         4',
      'sales_account      3      3            0       0        3        0        0          0       0         0',
      '4 rows loaded with a warning (a link left out or a value moved): GET /api/v1/runs/run_1/warnings.csv lists what to do',
      '',
      'API calls: 0 made (a queued run has made no calls)',
    ]);
  });

  it('sets the calls made beside the estimate and accounts for every pair-card row', () => {
    const view = runView({
      status: 'completed',
      summary: {
        pairCard: [
          { row: 'contact', label: 'Contact', outcome: 'migrated', objects: ['contact'], rows: 10, written: 9, quarantined: 1, note: '9 written, 1 quarantined' },
          { row: 'sequences', label: 'Sequences', outcome: 'inventoried', objects: [], rows: 0, written: 0, quarantined: 0, note: 'listed for rebuilding' },
        ],
        manualSteps: [
          { id: 'export-requested', title: 'Export requested from Promio', description: 'asked support', done: true, doneAt: '2026-11-20T09:00:00.000Z', by: 'usr_1', note: 'ticket 4411' },
          { id: 'export-received', title: 'Export delivery checked', description: 'files checked', done: false, doneAt: null, by: null, note: null },
        ],
        calls: { actual: { total: 1093, byStep: { loading: 1000, reconciling: 93 } }, predicted: { total: 1000, lines: [] }, deviation: 0.093, withinTolerance: true, note: '' },
      },
    });
    const lines = formatRunView(view);
    expect(lines).toContain('  [x] Export requested from Promio (2026-11-20T09:00:00.000Z, ticket 4411)');
    expect(lines).toContain('  [ ] Export delivery checked: when done, ferry run step run_1 export-received [--note <text>]');
    expect(lines).toContain('API calls: 1,093 made, 1,000 estimated (+9%, within the 10% target)');
    expect(lines.slice(-3)).toEqual(['pair card:', '  Contact: migrated, 9 written, 1 quarantined', '  Sequences: inventoried, listed for rebuilding']);
    const over = formatRunView(runView({ summary: { ...view.summary, calls: { ...view.summary.calls, deviation: -0.2, withinTolerance: false } } }));
    expect(over).toContain('API calls: 1,093 made, 1,000 estimated (-20%, outside the 10% target)');
  });
});

describe('the progress renderer', () => {
  it('prints plain lines at each change of status or phase, otherwise at most one every 5 s', () => {
    const lines: string[] = [];
    let t = 0;
    const r = createProgressRenderer({ write: (s) => lines.push(s), isTTY: false }, () => t);
    r.update(runView());
    t += 1000;
    r.update(runView()); // nothing new
    r.update(working('extracting', 10, 60));
    for (const done of [20, 30, 40, 50]) {
      t += 1000;
      r.update(working('extracting', done, 60)); // within 5 s of the last line
    }
    t += 1000;
    r.update(working('extracting', 60, 60)); // 5 s since the last line
    r.update(working('loading', 0, 60)); // a new phase prints at once
    r.update(working('loading', 1, 60, { status: 'paused', pauseReason: 'requested' })); // so does a new status
    expect(lines.join('')).toBe(
      [
        'queued',
        'extracting: 10/60 records (16%), 12.5/s, ETA 4s',
        'extracting: 60/60 records (100%), 12.5/s, ETA 0s',
        'loading: 0/60 records (0%), 12.5/s, ETA 5s',
        'paused (requested), loading: 1/60 records (1%), 12.5/s, ETA 5s',
        '',
      ].join('\n'),
    );
  });

  it('redraws the current phase in place on a terminal and keeps finished phases on screen', () => {
    const writes: string[] = [];
    const r = createProgressRenderer({ write: (s) => writes.push(s), isTTY: true, columns: 200 }, () => 0);
    r.update(working('loading', 10, 100));
    r.update(working('loading', 20, 100, { status: 'paused', pauseReason: 'requested' }));
    r.update(working('loading', 30, 100));
    r.update(working('reconciling', 0, 100));
    expect(writes[0]).toBe(`${formatBar(working('loading', 10, 100).progress.phase!)}\n`);
    // Same phase: move up over the one line drawn, clear, draw the bar and the status beneath it.
    expect(writes[1]).toBe(`\x1b[1F\x1b[J${formatBar(working('loading', 20, 100).progress.phase!)}\n  paused (requested)\n`);
    expect(writes[2]!.startsWith('\x1b[2F\x1b[J')).toBe(true);
    // A new phase starts its own bar below, without erasing.
    expect(writes[3]).toBe(`${formatBar(working('reconciling', 0, 100).progress.phase!)}\n`);
  });

  it('cuts live lines to the terminal width so the redraw count stays right', () => {
    const writes: string[] = [];
    createProgressRenderer({ write: (s) => writes.push(s), isTTY: true, columns: 30 }, () => 0).update(working('loading', 1, 100_000));
    expect(writes[0]!.trimEnd()).toHaveLength(29);
    expect(writes[0]!.trimEnd().endsWith('…')).toBe(true);
  });
});
