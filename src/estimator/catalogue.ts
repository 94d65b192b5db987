import type { KnowledgeBase } from '../../rules/index.ts';
import { computeCompatibility } from './compatibility.ts';

const CATEGORY_LABELS: Record<string, string> = { crm: 'CRM' };

/** The public catalogue: categories, sources and destinations with their objects, and the pairs Ferry migrates. */
export function listPlatforms(kb: KnowledgeBase) {
  const sources = kb.platforms.flatMap((p) => (p.role === 'source' ? [p] : []));
  const destinations = kb.platforms.flatMap((p) => (p.role === 'destination' ? [p] : []));
  const categories = [...new Set(kb.platforms.map((p) => p.category))].map((id) => ({
    id,
    label: CATEGORY_LABELS[id] ?? id,
    sources: sources.filter((p) => p.category === id).map((p) => p.id),
    destinations: destinations.filter((p) => p.category === id).map((p) => p.id),
  }));
  return {
    knowledgeVersion: kb.version,
    categories,
    sources: sources.map((p) => ({
      id: p.id,
      name: p.name,
      category: p.category,
      summary: p.summary,
      objects: p.objects.map((o) => ({ id: o.id, label: o.label, description: o.description })),
      api: p.channels.api
        ? {
            available: true,
            documented: p.channels.api.documented,
            pageSize: p.channels.api.pagination.pageSize,
            rateLimit: p.channels.api.rateLimit,
          }
        : { available: false, documented: false, pageSize: null, rateLimit: null },
      export: { formats: p.channels.export.formats, requestLeadDays: p.channels.export.requestLeadDays ?? null },
    })),
    destinations: destinations.map((p) => ({
      id: p.id,
      name: p.name,
      category: p.category,
      summary: p.summary,
      objects: p.objects.map((o) => ({ id: o.id, label: o.label, description: o.description, minPlan: o.minPlan ?? null })),
      plans: p.plans,
    })),
    pairs: kb.pairs.map((p) => ({
      source: p.source,
      destination: p.destination,
      compatibility: computeCompatibility(p.rows),
      href: `/api/v1/pairs/${p.source}/${p.destination}`,
    })),
  };
}
export type Catalogue = ReturnType<typeof listPlatforms>;
