import { SandboxError } from './sandbox-error.ts';
import { selectorItems } from './selectors.ts';
import type { Rec, SandboxState } from './state.ts';
import { liveByIds, liveRecords } from './store.ts';

type Loader = (state: SandboxState, recs: Rec[]) => Rec[];

const idsOf = (recs: Rec[], key: string) => new Set<unknown>(recs.map((r) => r[key]).filter((v) => v != null));
const users = (key: string): Loader => (s, rs) => {
  const ids = idsOf(rs, key);
  return s.users.filter((u) => ids.has(u.id)).map((u) => ({ ...u }));
};
const selector = (name: string, key: string): Loader => (s, rs) => {
  const ids = idsOf(rs, key);
  return (selectorItems(s, name) ?? []).filter((i) => ids.has(i.id));
};
const byIds = (collection: string, key: string): Loader => (s, rs) => liveByIds(s, collection, idsOf(rs, key));
const targeting = (collection: string, type: string): Loader => (s, rs) => {
  const ids = idsOf(rs, 'id');
  return liveRecords(s, collection).filter((a) => a.targetable_type === type && ids.has(a.targetable_id));
};
const activities = (type: string) => ({
  notes: { key: 'notes', load: targeting('notes', type) },
  tasks: { key: 'tasks', load: targeting('tasks', type) },
  appointments: { key: 'appointments', load: targeting('appointments', type) },
  sales_activities: { key: 'sales_activities', load: targeting('sales_activities', type) },
});
const people = { owner: { key: 'users', load: users('owner_id') }, creater: { key: 'users', load: users('creater_id') }, updater: { key: 'users', load: users('updater_id') } };

/** The ?include= side-loads each collection offers: name → top-level key and how to find the related objects. */
const INCLUDES: Record<string, Record<string, { key: string; load: Loader }>> = {
  contacts: {
    ...people,
    ...activities('Contact'),
    sales_accounts: { key: 'sales_accounts', load: (s, rs) => liveByIds(s, 'sales_accounts', new Set(rs.flatMap((r) => (r.sales_accounts as Rec[]).map((a) => a.id)))) },
    deals: { key: 'deals', load: (s, rs) => { const ids = idsOf(rs, 'id'); return liveRecords(s, 'deals').filter((d) => (d.contact_ids as number[]).some((id) => ids.has(id))); } },
    contact_status: { key: 'contact_status', load: selector('contact_statuses', 'contact_status_id') },
    lifecycle_stage: { key: 'lifecycle_stages', load: selector('lifecycle_stages', 'lifecycle_stage_id') },
    territory: { key: 'territories', load: selector('territories', 'territory_id') },
    source: { key: 'lead_source', load: selector('lead_sources', 'lead_source_id') },
    campaign: { key: 'campaign', load: selector('campaigns', 'campaign_id') },
  },
  sales_accounts: {
    ...people,
    ...activities('SalesAccount'),
    contacts: { key: 'contacts', load: (s, rs) => { const ids = idsOf(rs, 'id'); return liveRecords(s, 'contacts').filter((c) => (c.sales_accounts as Rec[]).some((a) => ids.has(a.id))); } },
    deals: { key: 'deals', load: (s, rs) => { const ids = idsOf(rs, 'id'); return liveRecords(s, 'deals').filter((d) => ids.has(d.sales_account_id)); } },
    child_sales_accounts: { key: 'child_sales_accounts', load: (s, rs) => { const ids = idsOf(rs, 'id'); return liveRecords(s, 'sales_accounts').filter((a) => ids.has(a.parent_sales_account_id)); } },
    territory: { key: 'territories', load: selector('territories', 'territory_id') },
    industry_type: { key: 'industry_types', load: selector('industry_types', 'industry_type_id') },
    business_type: { key: 'business_types', load: selector('business_types', 'business_type_id') },
  },
  deals: {
    ...people,
    ...activities('Deal'),
    sales_account: { key: 'sales_accounts', load: byIds('sales_accounts', 'sales_account_id') },
    contacts: { key: 'contacts', load: (s, rs) => liveByIds(s, 'contacts', new Set(rs.flatMap((r) => r.contact_ids as number[]))) },
    deal_stage: { key: 'deal_stages', load: selector('deal_stages', 'deal_stage_id') },
    deal_pipeline: { key: 'deal_pipelines', load: selector('deal_pipelines', 'deal_pipeline_id') },
    deal_reason: { key: 'deal_reasons', load: selector('deal_reasons', 'deal_reason_id') },
    deal_type: { key: 'deal_types', load: selector('deal_types', 'deal_type_id') },
    currency: { key: 'currencies', load: selector('currencies', 'currency_id') },
    territory: { key: 'territories', load: selector('territories', 'territory_id') },
    source: { key: 'lead_source', load: selector('lead_sources', 'lead_source_id') },
  },
  leads: { ...people, source: { key: 'lead_source', load: selector('lead_sources', 'lead_source_id') } },
  tasks: { ...people },
  appointments: { creater: people.creater },
  sales_activities: { ...people },
};

/** The side-loaded arrays for ?include=a,b. An include the collection does not offer is an error naming it. */
export function sideLoad(state: SandboxState, collection: string, recs: Rec[], include: string | undefined): Rec {
  const out: Record<string, Rec[]> = {};
  if (!include) return out;
  const offered = INCLUDES[collection] ?? {};
  for (const name of include.split(',').map((s) => s.trim()).filter(Boolean)) {
    const inc = offered[name];
    if (!inc) throw new SandboxError(400, [`include: "${name}" is not available on ${collection} (${Object.keys(offered).join(', ') || 'none'})`]);
    const list = (out[inc.key] ??= []);
    const seen = new Set(list.map((r) => r.id));
    for (const r of inc.load(state, recs)) if (!seen.has(r.id)) (seen.add(r.id), list.push(r));
  }
  return out;
}
