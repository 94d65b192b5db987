import type { KnowledgeBase } from '../../../rules/index.ts';
import type { RunnerDeps } from '../../runner/pipeline/deps.ts';
import { createExportsSource } from '../../runner/sources/exports/index.ts';
import { createKartraSource } from '../../runner/sources/kartra/index.ts';
import { createRestSource } from '../../runner/sources/rest/index.ts';
import { nodeExportFiles } from './export-files.node.ts';

/**
 * Every source a Node instance reads: export directories on its disk, Kartra's API (fed by a contacts export), and a
 * REST source for each platform whose file declares its API (`<platform>-api`).
 */
export function nodeSources(kb: KnowledgeBase): RunnerDeps['sources'] {
  const sources: RunnerDeps['sources'] = { exports: createExportsSource(nodeExportFiles), kartra: createKartraSource(nodeExportFiles) };
  for (const { id } of kb.platforms) {
    const platform = kb.source(id);
    if (!platform?.channels.api?.rest) continue;
    const source = createRestSource(platform);
    sources[source.kind] = source;
  }
  return sources;
}
