import { isActivityEntity, type DestinationRecord, type RecordKindEntity } from '../../protocol.ts';
import type { FreshsalesClient, FreshsalesView, RecordEntity } from './client.ts';
import { FreshsalesError } from './errors.ts';

/** Deals have no "All Deals" view: together these three show every deal, whatever its stage. */
const DEAL_VIEWS = ['open deals', 'won deals', 'lost deals'];

/** The views that together list every live record: the "All …" view, or for deals the open, won and lost ones. */
function viewsCoveringAll(entity: RecordEntity, views: FreshsalesView[]): FreshsalesView[] {
  const named = (name: string) => views.find((v) => v.name.trim().toLowerCase() === name);
  const all = views.find((v) => /^all\s/i.test(v.name.trim()));
  if (all) return [all];
  const deals = DEAL_VIEWS.map(named);
  if (entity === 'deals' && deals.every((v) => v !== undefined)) return deals as FreshsalesView[];
  const names = views.map((v) => `"${v.name}"`).join(', ') || 'none';
  throw new FreshsalesError('FRESHSALES_BAD_RESPONSE', `GET /${entity}/filters: no view lists every ${entity} (views: ${names})`, 200);
}

/**
 * Every live record of an entity, a page (100) at a time, oldest first. A record seen on an earlier page or view
 * is not repeated. Contacts come with their emails and custom_field in the view answer already.
 */
export async function* snapshotRecords(client: FreshsalesClient, entity: RecordKindEntity): AsyncIterable<DestinationRecord[]> {
  if (isActivityEntity(entity)) throw new FreshsalesError('FRESHSALES_VALIDATION', `${entity} have no view listing them all: read them back by id`, 0);
  const seen = new Set<number>();
  for (const view of viewsCoveringAll(entity, await client.views(entity))) {
    for (let page = 1, pages = 1; page <= pages; page++) {
      const { records, totalPages } = await client.view(entity, view.id, page);
      pages = totalPages;
      const fresh = records.filter((r) => !seen.has(r.id) && seen.add(r.id));
      if (fresh.length > 0) yield fresh;
    }
  }
}
