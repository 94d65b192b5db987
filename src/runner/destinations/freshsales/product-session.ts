import type { CatalogueEntity, DestinationRecord, LoadBatch, WriteOutcome } from '../../protocol.ts';
import type { FreshsalesClient } from './client.ts';
import { productCatalogue } from './product-catalogue.ts';
import { dealLines } from './product-deal-lines.ts';
import { planHasCatalogue } from './product-fields.ts';

/** The session's calls for products and deal line items, by entity. */
export interface CatalogueSession {
  write(batch: LoadBatch & { entity: CatalogueEntity }): Promise<WriteOutcome[]>;
  snapshot(entity: CatalogueEntity): AsyncIterable<DestinationRecord[]>;
  fetch(entity: CatalogueEntity, ids: string[]): Promise<Map<string, DestinationRecord | null>>;
  remove(entity: CatalogueEntity, id: string): Promise<'deleted' | 'gone'>;
  restore(entity: CatalogueEntity, id: string, before: Record<string, unknown>): Promise<'restored' | 'gone'>;
}

/** Products and deal lines for an account on `plan`, whose features say whether it holds a product catalogue. */
export function catalogueSession(client: FreshsalesClient, plan: string): CatalogueSession {
  const hasCatalogue = planHasCatalogue(plan);
  const products = productCatalogue(client, hasCatalogue);
  const lines = dealLines(client, hasCatalogue);
  return {
    write: (batch) => (batch.entity === 'products' ? products.write(batch) : lines.write(batch)),
    // Line items have no listing of their own: the load reads the lines of the deals it changes, per deal.
    snapshot: (entity) => (entity === 'products' ? products.snapshot() : (async function* () {})()),
    fetch: (entity, ids) => (entity === 'products' ? products.fetch(ids) : lines.fetch(ids)),
    remove: (entity, id) => (entity === 'products' ? products.remove(id) : lines.remove(id)),
    restore: (entity, id, before) => (entity === 'products' ? products.restore(id, before) : lines.restore(id, before)),
  };
}
