/**
 * Header names as the profiler sees them: trimmed, an empty one named column_<n>, a repeated one suffixed " (2)",
 * " (3)"… skipping suffixed names that the header already has elsewhere, so every column keeps a distinct name.
 */
export function normaliseHeaders(cells: string[]): string[] {
  const trimmed = cells.map((c) => c.trim());
  const taken = new Set(trimmed);
  const used = new Set<string>();
  return trimmed.map((name, i) => {
    const base = name || `column_${i + 1}`;
    let out = base;
    if (used.has(base) || (!name && taken.has(base))) for (let n = 2; used.has(out) || taken.has(out); n++) out = `${base} (${n})`;
    used.add(out);
    return out;
  });
}
