import type { Pair } from './schema/pair.ts';
import type { DestinationPlatform, Platform, SourcePlatform } from './schema/platform.ts';
import { validateKnowledge, type RawFile } from './validate.ts';

/** FNV-1a over the canonical JSON: a short, stable version that changes whenever any rule file does. */
function contentVersion(files: RawFile[]): string {
  let h = 0xcbf29ce484222325n;
  const text = JSON.stringify(files.map((f) => [f.file, f.data]));
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `kb-${h.toString(16).padStart(16, '0')}`;
}

export interface KnowledgeBase {
  /** Changes whenever any rule file does: platforms, pairs, the estimator's or the scoping engine's rules. */
  version: string;
  platforms: Platform[];
  pairs: Pair[];
  platform(id: string): Platform | undefined;
  source(id: string): SourcePlatform | undefined;
  destination(id: string): DestinationPlatform | undefined;
  pair(source: string, destination: string): Pair | undefined;
}

/** Validates the raw rule files and indexes them for lookup. */
/** `extra` are the other rule files (estimator, scoping): they take part in the version only. */
export function buildKnowledgeBase(files: { platforms: RawFile[]; pairs: RawFile[]; extra?: Record<string, RawFile> }): KnowledgeBase {
  const { platforms, pairs } = validateKnowledge(files);
  const byId = new Map(platforms.map((p) => [p.id, p]));
  const pairByKey = new Map(pairs.map((p) => [`${p.source}--${p.destination}`, p]));
  return {
    version: contentVersion([...files.platforms, ...files.pairs, ...Object.values(files.extra ?? {})]),
    platforms,
    pairs,
    platform: (id) => byId.get(id),
    source: (id) => {
      const p = byId.get(id);
      return p?.role === 'source' ? p : undefined;
    },
    destination: (id) => {
      const p = byId.get(id);
      return p?.role === 'destination' ? p : undefined;
    },
    pair: (source, destination) => pairByKey.get(`${source}--${destination}`),
  };
}
