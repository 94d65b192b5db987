import type { RunHeader } from './input.ts';

export const count = (n: number) => n.toLocaleString('en-US');
/** "1 record was" / "3 records were". */
export const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

/** "2026-05-01 10:00 UTC" from an ISO timestamp; a value that is not one is shown as it came. */
export function when(iso: string | null): string {
  if (iso === null) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** The title-block lines every run report shares. */
export function runMeta(h: RunHeader) {
  return [
    { label: 'Customer', value: h.scopeName },
    { label: 'Run', value: `${h.runId} · ${h.mode} run of scope v${h.scopeVersion}` },
    { label: 'Status', value: h.status.replace(/_/g, ' ') },
    { label: 'From', value: h.source },
    { label: 'Into', value: h.destination },
    { label: 'Ran', value: h.startedAt === null ? 'not started' : `${when(h.startedAt)} to ${h.finishedAt === null ? 'not finished' : when(h.finishedAt)}` },
    { label: 'Generated', value: when(h.generatedAt) },
  ];
}

export const runHeaderLine = (kind: string, h: RunHeader) => `${kind} · ${h.scopeName} · v${h.scopeVersion} · ${h.runId}`;
