import { SandboxError } from './sandbox-error.ts';
import type { Rec, SandboxState, View } from './state.ts';

const DAY = 86_400_000;

/** The records a view shows, as the product's default views define them. */
export function viewFilter(state: SandboxState, view: View, userId: number, now: Date): (r: Rec) => boolean {
  const stages = new Map(state.pipelines.flatMap((p) => p.deal_stages).map((s) => [s.id, s.forecast_type]));
  const within = (iso: unknown, days: number) => now.getTime() - Date.parse(String(iso)) <= days * DAY;
  switch (view.kind) {
    case 'mine':
      return (r) => r.owner_id === userId;
    case 'new':
      return (r) => within(r.created_at, 7);
    case 'recent':
      return (r) => within(r.updated_at, 7);
    case 'open':
      return (r) => stages.get(r.deal_stage_id as number) === 'Open';
    case 'won':
      return (r) => stages.get(r.deal_stage_id as number) === 'Won';
    case 'lost':
      return (r) => stages.get(r.deal_stage_id as number) === 'Lost';
    default:
      return () => true;
  }
}

const positive = (name: string, raw: string | undefined, fallback: number) => {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new SandboxError(400, [`${name}: must be a positive integer, got "${raw}"`]);
  return Number(raw);
};

function compare(a: unknown, b: unknown): number {
  if (a == null) return b == null ? 0 : -1;
  if (b == null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // Plain code-unit order: fast, and right for ISO timestamps in one offset.
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * page (1-based), per_page (default 25; above 100 is clamped to 100), sort (any top-level field, default updated_at)
 * and sort_type (asc|desc, default desc); ties break on id so pages never overlap.
 */
export function paginate(items: readonly Rec[], query: (name: string) => string | undefined): { page: Rec[]; meta: { total: number; total_pages: number } } {
  const page = positive('page', query('page'), 1);
  const perPage = Math.min(100, positive('per_page', query('per_page'), 25));
  const sort = query('sort') || 'updated_at';
  const sortType = query('sort_type') || 'desc';
  if (sortType !== 'asc' && sortType !== 'desc') throw new SandboxError(400, [`sort_type: must be asc or desc, got "${sortType}"`]);
  const sign = sortType === 'asc' ? 1 : -1;
  const sorted = [...items].sort((a, b) => sign * (compare(a[sort], b[sort]) || compare(a.id, b.id)));
  return {
    page: sorted.slice((page - 1) * perPage, page * perPage),
    meta: { total: items.length, total_pages: Math.ceil(items.length / perPage) },
  };
}
