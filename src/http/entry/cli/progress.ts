// How a run looks on the command line: pure functions from a RunView to lines, and the renderer that --follow feeds
// (a bar per phase redrawn in place on a terminal, plain lines when the output is a pipe or a file).
import type { Output } from './command.ts';
import type { RunView } from './ferry-api.ts';
import { CALL_TOLERANCE } from '../../../runner/service/call-forecast.ts';

type Phase = NonNullable<RunView['progress']['phase']>;

const formatCount = (n: number) => n.toLocaleString('en-US');

/** 45s, 1m 30s, 2h 05m. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `1,234/5,000 records (24%), 42.0/s, ETA 1m 30s`; the ETA is left out until the phase has a rate to go by. */
export function formatPhaseFigures(phase: Phase): string {
  const rate = phase.ratePerSecond >= 100 ? Math.round(phase.ratePerSecond) : phase.ratePerSecond.toFixed(1);
  const figures = `${formatCount(phase.done)}/${formatCount(phase.total)} records (${percent(phase.done, phase.total)}%), ${rate}/s`;
  return phase.etaSeconds === null ? figures : `${figures}, ETA ${formatDuration(phase.etaSeconds)}`;
}

const percent = (done: number, total: number) => (total === 0 ? 100 : Math.floor((100 * Math.min(done, total)) / total));

/** The status with what an engineer needs to know about it: why it is paused, what a waiting run waits for. */
export function formatStatus(view: RunView): string {
  if (view.status === 'paused') {
    const waiting = view.pauseReason === 'budget' && view.budget?.waitingUntil ? `, waiting until ${view.budget.waitingUntil}` : '';
    return `paused (${view.pauseReason ?? 'no reason given'}${waiting})`;
  }
  if (view.status === 'awaiting_owners') return `awaiting_owners (map the unknown owners, then: ferry run resume ${view.id})`;
  return view.status;
}

/** One line of plain progress: `loading: 1,234/5,000 records (24%), 42.0/s, ETA 1m 30s`. */
export function formatProgressLine(view: RunView): string {
  const phase = view.progress.phase;
  if (!phase) return formatStatus(view);
  return phase.name === view.status ? `${phase.name}: ${formatPhaseFigures(phase)}` : `${formatStatus(view)}, ${phase.name}: ${formatPhaseFigures(phase)}`;
}

/** `loading      [██████░░░░░░░░░░░░░░░░░░] 1,234/5,000 records (24%), …`. */
export function formatBar(phase: Phase, width = 24): string {
  const filled = Math.round((width * percent(phase.done, phase.total)) / 100);
  return `${phase.name.padEnd(12)} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${formatPhaseFigures(phase)}`;
}

/** The live block on a terminal: the current phase's bar, and the status when it says more than the phase. */
export function formatLive(view: RunView): string[] {
  const phase = view.progress.phase;
  if (!phase) return [formatStatus(view)];
  return phase.name === view.status ? [formatBar(phase)] : [formatBar(phase), `  ${formatStatus(view)}`];
}

const OBJECT_COLUMNS = ['rows', 'ready', 'quarantined', 'merged', 'created', 'updated', 'skipped', 'conflicts', 'failed', 'warnings'] as const;

/**
 * Everything `ferry run status` shows: the run (and the run a delta builds on), where it writes, its status and
 * phase, budget, error and the per-object counts.
 */
export function formatRunView(view: RunView): string[] {
  const lines = [
    `run ${view.id}: ${view.mode} run of scope ${view.scopeId} v${view.scopeVersion}${view.parentRunId ? `, building on run ${view.parentRunId}` : ''}`,
    `into:     ${view.destination.kind} ${view.destination.baseUrl} (${view.destination.plan} plan)`,
    `status:   ${formatStatus(view)}`,
  ];
  if (view.progress.phase) lines.push(`phase:    ${view.progress.phase.name}: ${formatPhaseFigures(view.progress.phase)}`);
  if (view.budget) lines.push(`budget:   ${formatBudget(view.budget)}`);
  lines.push(
    `times:    created ${view.createdAt}${view.startedAt ? `, started ${view.startedAt}` : ''}${view.finishedAt ? `, finished ${view.finishedAt}` : ''}`,
  );
  if (view.error) lines.push(`error:    ${view.error}`);
  const objects = Object.entries(view.progress.objects);
  if (objects.length > 0) lines.push('', ...formatTable(['object', ...OBJECT_COLUMNS], objects.map(([name, c]) => [name, ...OBJECT_COLUMNS.map((k) => formatCount(c[k]))])));
  const warned = objects.reduce((n, [, c]) => n + c.warnings, 0);
  if (warned > 0) lines.push(`${formatCount(warned)} ${warned === 1 ? 'row' : 'rows'} loaded with a warning (a link left out or a value moved): GET /api/v1/runs/${view.id}/warnings.csv lists what to do`);
  if (view.summary.manualSteps.length > 0) {
    lines.push(
      '',
      'steps outside Ferry:',
      ...view.summary.manualSteps.map((s) =>
        s.done ? `  [x] ${s.title} (${[s.doneAt, s.note].filter(Boolean).join(', ')})` : `  [ ] ${s.title}: when done, ferry run step ${view.id} ${s.id} [--note <text>]`,
      ),
    );
  }
  lines.push('', formatCalls(view.summary.calls));
  if (view.summary.pairCard.length > 0) {
    lines.push('', 'pair card:', ...view.summary.pairCard.map((r) => `  ${r.label}: ${r.outcome.replace(/_/g, ' ')}, ${r.note}`));
  }
  return lines;
}

/** `API calls: 412 made, 398 estimated (+4%, within the 10% target)`, or the actual count alone when the run is not estimated. */
export function formatCalls(calls: RunView['summary']['calls']): string {
  const made = `API calls: ${formatCount(calls.actual.total)} made`;
  if (!calls.predicted || calls.deviation === null) return `${made} (${calls.note})`;
  const pct = Math.round(calls.deviation * 100);
  return `${made}, ${formatCount(calls.predicted.total)} estimated (${pct >= 0 ? '+' : ''}${pct}%, ${calls.withinTolerance ? 'within' : 'outside'} the ${CALL_TOLERANCE * 100}% target)`;
}

/** `4,321 of 5,000 API calls left, resets at …, waiting until …`; the service may not know the figures yet. */
export function formatBudget(budget: NonNullable<RunView['budget']>): string {
  const { limit, remaining, resetAt, waitingUntil } = budget;
  const left = remaining === null ? 'API calls left: not known yet' : `${formatCount(remaining)}${limit === null ? '' : ` of ${formatCount(limit)}`} API calls left`;
  return `${left}${resetAt ? `, resets at ${resetAt}` : ''}${waitingUntil ? `, waiting until ${waitingUntil}` : ''}`;
}

/** Columns two spaces apart; the first left-aligned, the rest (numbers) right-aligned. */
function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
}

export interface ProgressRenderer {
  update(view: RunView): void;
}

/** Plain output prints a line at each change of status or phase, otherwise at most one every `plainEveryMs`. */
export function createProgressRenderer(out: Output, now: () => number, plainEveryMs = 5_000): ProgressRenderer {
  return out.isTTY ? terminalRenderer(out) : plainRenderer(out, now, plainEveryMs);
}

function plainRenderer(out: Output, now: () => number, everyMs: number): ProgressRenderer {
  let last: { key: string; line: string; at: number } | undefined;
  return {
    update(view) {
      const key = `${view.status}|${view.progress.phase?.name ?? ''}`;
      const line = formatProgressLine(view);
      const changed = !last || key !== last.key;
      if (!changed && (line === last!.line || now() - last!.at < everyMs)) return;
      out.write(line + '\n');
      last = { key, line, at: now() };
    },
  };
}

function terminalRenderer(out: Output): ProgressRenderer {
  let live = { phase: null as string | null, lines: 0 };
  return {
    update(view) {
      const phase = view.progress.phase?.name ?? null;
      // A new phase leaves the previous phase's bar on screen and starts its own below it.
      const erase = live.lines > 0 && phase === live.phase ? `\x1b[${live.lines}F\x1b[J` : '';
      // A line wider than the terminal wraps and would throw off the count of lines to redraw.
      const width = Math.max(20, (out.columns ?? 80) - 1);
      const lines = formatLive(view).map((l) => (l.length > width ? l.slice(0, width - 1) + '…' : l));
      out.write(erase + lines.join('\n') + '\n');
      live = { phase, lines: lines.length };
    },
  };
}
