import { createRoute, z } from '@hono/zod-openapi';
import { Gotcha } from '../../../rules/schema/common.ts';
import { ApproachStep, MappingRow, NotMigrated } from '../../../rules/schema/pair.ts';
import { buildPairCard } from '../../estimator/pair-card.ts';
import type { App } from '../context.ts';
import { ApiError, errorResponses } from '../errors.ts';
import { jsonResponse } from '../openapi.ts';

const Ref = z.object({ id: z.string(), name: z.string() });

const PairCard = z
  .object({
    source: Ref,
    destination: Ref,
    summary: z.string(),
    compatibility: z.object({ oneToOne: z.number(), total: z.number(), percent: z.number() }),
    rows: z.array(MappingRow),
    gotchas: z.array(Gotcha.extend({ origin: z.enum(['source', 'destination', 'pair']), platform: z.string() })),
    approach: z.array(ApproachStep),
    notMigrated: z.array(NotMigrated),
    loadOrder: z.array(z.string()),
    knowledgeVersion: z.string(),
  })
  .openapi('PairCard');

const route = createRoute({
  method: 'get',
  path: '/api/v1/pairs/{source}/{destination}',
  tags: ['knowledge base'],
  summary: 'The pair card: computed compatibility, object mapping rows, gotchas, approach and load order',
  request: { params: z.object({ source: z.string().min(1), destination: z.string().min(1) }) },
  responses: { 200: jsonResponse(PairCard, 'The pair card'), ...errorResponses('NOT_FOUND') },
});

export const registerPairsGet = (app: App) =>
  app.openapi(route, (c) => {
    const { kb } = c.get('services');
    const { source, destination } = c.req.valid('param');
    const card = buildPairCard(kb, source, destination);
    if (!card) {
      const known = kb.pairs.map((p) => `${p.source}/${p.destination}`);
      const unknown = [
        ...(kb.source(source) ? [] : [`source "${source}"`]),
        ...(kb.destination(destination) ? [] : [`destination "${destination}"`]),
      ];
      throw new ApiError(
        'NOT_FOUND',
        unknown.length
          ? `unknown ${unknown.join(' and ')}; known pairs: ${known.join(', ')}`
          : `no migration path from ${source} to ${destination}; known pairs: ${known.join(', ')}`,
        {
          knownSources: kb.platforms.filter((p) => p.role === 'source').map((p) => p.id),
          knownDestinations: kb.platforms.filter((p) => p.role === 'destination').map((p) => p.id),
          knownPairs: known,
        },
      );
    }
    return c.json(card, 200);
  });
