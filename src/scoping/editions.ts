import type { MappingRow } from '../../rules/schema/pair.ts';
import { FRESHSALES_EDITIONS, type DestinationPlatform, type Edition } from '../../rules/schema/platform.ts';

export { FRESHSALES_EDITIONS, type Edition };

/** A scope that names no edition targets Suite, the edition Freshsales sells today. */
export const DEFAULT_EDITION: Edition = 'suite';

export const EDITION_LABEL: Record<Edition, string> = { suite: 'Freshsales Suite', classic: 'Freshsales Classic' };

/** Suite accounts live under Freshworks hosts at /crm/sales (acme.myfreshworks.com/crm/sales); Classic ones on freshsales.io. */
const SUITE_HOST = /(^|\.)(my)?freshworks\.com$/i;
const CLASSIC_HOST = /(^|\.)freshsales\.io$/i;
const SUITE_PATH = /\/crm\/sales$/i;

/**
 * The edition a Freshsales base URL belongs to, from its shape: by its host when it is Freshworks' own, else (a local
 * sandbox, a proxy) by its path: Suite's bundle alias ends in /crm/sales, Classic's base URL is the bare host. Null
 * for a URL of neither shape, or not a URL at all.
 */
export function editionOfUrl(baseUrl: string): Edition | null {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return null;
  }
  if (CLASSIC_HOST.test(url.hostname)) return 'classic';
  if (SUITE_HOST.test(url.hostname)) return 'suite';
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/i, '');
  if (SUITE_PATH.test(path)) return 'suite';
  return path === '' ? 'classic' : null;
}

/**
 * Why a destination URL does not fit the scope's edition, or null when it does. A URL of no known shape is let
 * through: the connector's own URL check (and the account's answer) speaks for it.
 */
export function editionMismatch(scopeEdition: Edition, baseUrl: string): string | null {
  const found = editionOfUrl(baseUrl);
  if (found === null || found === scopeEdition) return null;
  return `the scope targets ${EDITION_LABEL[scopeEdition]}, but ${baseUrl} is a ${EDITION_LABEL[found]} account; use the ${EDITION_LABEL[scopeEdition]} account's URL, or start a scope for ${EDITION_LABEL[found]}`;
}

type DestinationObject = DestinationPlatform['objects'][number];

/** Whether the edition has the object (objects that name no editions exist on all of them). */
export const onEdition = (object: Pick<DestinationObject, 'editions'>, edition: Edition) => !object.editions || object.editions.includes(edition);

/**
 * The object a pair row writes on an edition that keeps one of the row's own destination objects that other editions
 * lack: FastTrack's unconverted persons are Freshsales leads, which Classic keeps as leads while `writesTo` names the
 * contact Suite stands them in as. Undefined when the row writes what its `writesTo` says.
 */
export function editionObject(row: MappingRow, destination: DestinationPlatform, edition: Edition): DestinationObject | undefined {
  if (!row.writesTo || row.destination.objects.includes(row.writesTo)) return undefined;
  return row.destination.objects
    .map((id) => destination.objects.find((o) => o.id === id))
    .find((o): o is DestinationObject => !!o?.editions && o.write !== 'not_via_api' && onEdition(o, edition));
}
