import type { KnowledgeBase } from '../../rules/index.ts';
import type { Gotcha } from '../../rules/schema/common.ts';
import { SEVERITIES } from '../../rules/schema/common.ts';
import { computeCompatibility } from './compatibility.ts';

export type GotchaOrigin = 'source' | 'destination' | 'pair';
export type CardGotcha = Gotcha & { origin: GotchaOrigin; platform: string };

const severityRank = (g: Gotcha) => SEVERITIES.indexOf(g.severity);

/** Everything a prospect or sales engineer needs to judge one migration path, derived from the knowledge base. */
export function buildPairCard(kb: KnowledgeBase, sourceId: string, destinationId: string) {
  const pair = kb.pair(sourceId, destinationId);
  const source = kb.source(sourceId);
  const destination = kb.destination(destinationId);
  if (!pair || !source || !destination) return undefined;
  const tag = (gs: Gotcha[], origin: GotchaOrigin, platform: string): CardGotcha[] =>
    gs.map((g) => ({ ...g, origin, platform }));
  // Stable sort: severity first, then the order the knowledge base gives.
  const gotchas = [
    ...tag(pair.challenges, 'pair', `${source.id}--${destination.id}`),
    ...tag(source.gotchas, 'source', source.id),
    ...tag(destination.gotchas, 'destination', destination.id),
  ].sort((a, b) => severityRank(a) - severityRank(b));
  return {
    source: { id: source.id, name: source.name },
    destination: { id: destination.id, name: destination.name },
    summary: pair.summary,
    compatibility: computeCompatibility(pair.rows),
    rows: pair.rows,
    gotchas,
    approach: pair.approach,
    notMigrated: pair.notMigrated,
    loadOrder: pair.loadOrder,
    knowledgeVersion: kb.version,
  };
}
export type PairCard = NonNullable<ReturnType<typeof buildPairCard>>;
