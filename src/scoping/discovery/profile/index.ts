export { createColumnProfiler } from './column-profiler.ts';
export { profileHints } from './platform-hints.ts';
export type { ColumnProfile, ColumnProfiler, ProfileHints } from './types.ts';
