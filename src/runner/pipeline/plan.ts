import type { ColumnProfile } from '../../scoping/discovery/profile/index.ts';
import type { InventoryFile } from '../../scoping/discovery/inventory.ts';
import type { Mapping, ObjectMapping } from '../../scoping/mapping/document.ts';
import { DESTINATION_ENTITIES, type DestinationEntity } from '../protocol.ts';
import { ENTITY_OF } from '../transform/index.ts';
import { CUSTOM_MODULE_OBJECT, customModuleRoute, pairRowOf } from './custom-module-kinds.ts';


/** One thing the run loads: a mapping object, or the accounts derived from a column of one. */
export interface PlanObject {
  /** The staging name: the mapping row, or `<row>.account` for accounts made from a free-text company column. */
  object: string;
  /** Null when the destination object is one the runner does not write yet: its rows are quarantined with that reason. */
  entity: DestinationEntity | null;
  destinationObject: string;
  files: string[];
  mapping: ObjectMapping | null;
  /** For derived accounts: the mapping row whose column names them. */
  derivedFrom?: string;
  profiles: Record<string, ColumnProfile>;
}

export const derivedAccountObject = (row: string) => `${row}.account`;

/**
 * Columns that name a company in free text: the contact's account is made from them (an account per distinct name),
 * as is the catch-all account of contacts that name none.
 */
export const ACCOUNT_NAME_FIELDS = ['sales_accounts', 'sales_account_id', 'company'];

const entityRank = (e: DestinationEntity | null) => (e === null ? DESTINATION_ENTITIES.length : DESTINATION_ENTITIES.indexOf(e));

/** What a run is for: the source (whose pair card says what each row writes) and the destination plan (what the account offers). */
export interface PlanRoute {
  sourcePlatform: string;
  destinationPlan: string;
}

/**
 * The objects of a mapping in load order: accounts, then contacts, then deals (each waits for what it links to),
 * mapping order within an entity; objects the runner cannot write come last. A custom-object row goes to custom
 * modules on a plan that has them, else onto the records its fallback names (whatever plan the scope was made for).
 */
export function planObjects(mapping: Mapping, files: InventoryFile[], route: PlanRoute): PlanObject[] {
  const out: PlanObject[] = [];
  for (const o of mapping.objects) {
    const profiles: Record<string, ColumnProfile> = {};
    for (const f of files.filter((x) => o.files.includes(x.name))) for (const c of f.columns) profiles[c.header] ??= c.profile;
    const row = pairRowOf(route.sourcePlatform, o.row);
    const modules = row && customModuleRoute(row, route.destinationPlan);
    const destinationObject = modules === 'module' ? CUSTOM_MODULE_OBJECT : modules === 'carried' ? row!.fallbackWritesTo! : o.destinationObject;
    const entity = ENTITY_OF[destinationObject] ?? null;
    out.push({ object: o.row, entity, destinationObject, files: o.files, mapping: o, profiles });
    const namesAccount = o.fields.some((f) => f.target.kind === 'standard' && ACCOUNT_NAME_FIELDS.includes(f.target.field));
    if (entity === 'contacts' && (namesAccount || o.catchAllAccount)) {
      out.push({ object: derivedAccountObject(o.row), entity: 'sales_accounts', destinationObject: 'sales_account', files: o.files, mapping: null, derivedFrom: o.row, profiles: {} });
    }
  }
  return out.map((p, i) => ({ p, i })).sort((a, b) => entityRank(a.p.entity) - entityRank(b.p.entity) || a.i - b.i).map((x) => x.p);
}

/** Every file the plan reads, once each. */
export const planFiles = (plan: PlanObject[]) => [...new Set(plan.filter((p) => !p.derivedFrom).flatMap((p) => p.files))];
