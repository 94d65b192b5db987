import { CONTACTS, DEALS, LEADS, TARGETABLE_COLLECTION, type EntityDef } from './entities.ts';
import { freshsalesPlan } from './plans.ts';
import { SandboxError } from './sandbox-error.ts';
import type { Rec, SandboxState } from './state.ts';
import { takeId } from './ids.ts';
import { liveRecord } from './store.ts';

const shown = (v: unknown) => JSON.stringify(v);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface EmailEntry {
  id: number;
  value: string;
  is_primary: boolean;
  label: string | null;
  _destroy: boolean;
}

/** emails in any write form (string, list of strings, list of {value, is_primary, _destroy}) into the response form. */
function contactEmails(state: SandboxState, given: unknown, current: EmailEntry[], problems: string[]): EmailEntry[] {
  const entries = typeof given === 'string' ? [given] : Array.isArray(given) ? given : null;
  if (!entries) return problems.push(`emails: must be an address or a list of addresses, got ${shown(given)}`), current;
  const objects = entries.some((e) => typeof e === 'object' && e !== null);
  // Objects edit the current list ({_destroy: true} removes one); plain strings replace it.
  let out = objects ? current.map((e) => ({ ...e })) : [];
  for (const e of entries) {
    const o = (typeof e === 'object' && e !== null ? e : { value: e }) as Rec;
    const value = typeof o.value === 'string' ? o.value.trim() : '';
    if (!EMAIL.test(value)) {
      problems.push(`emails: ${shown(o.value)} is not an email address`);
      continue;
    }
    const existing = out.find((x) => x.value.toLowerCase() === value.toLowerCase());
    if (o._destroy === true) {
      out = out.filter((x) => x !== existing);
    } else if (existing) {
      if (typeof o.is_primary === 'boolean') existing.is_primary = o.is_primary;
    } else {
      out.push({ id: takeId(state), value, is_primary: o.is_primary === true, label: typeof o.label === 'string' ? o.label : null, _destroy: false });
    }
  }
  if (out.length > 0 && !out.some((e) => e.is_primary)) out[0]!.is_primary = true;
  return out;
}

function contactAccounts(state: SandboxState, given: unknown, problems: string[]): Rec[] | undefined {
  if (!Array.isArray(given)) return problems.push(`sales_accounts: must be a list of {id, is_primary}, got ${shown(given)}`), undefined;
  const out: Rec[] = [];
  for (const item of given) {
    const id = typeof item === 'object' && item !== null ? (item as Rec).id : item;
    const account = liveRecord(state, 'sales_accounts', id);
    if (!account) {
      problems.push(`sales_accounts: no account with id ${shown(id)}`);
      continue;
    }
    out.push({ id: account.id, name: account.name, is_primary: (item as Rec)?.is_primary === true });
  }
  if (out.filter((a) => a.is_primary).length > 1) problems.push('sales_accounts: only one account can be primary');
  if (out.length > 0 && !out.some((a) => a.is_primary)) out[0]!.is_primary = true;
  return out;
}

function lifecycle(state: SandboxState, patch: Rec, next: Rec, problems: string[]) {
  const stages = state.lifecycleStages;
  // A new stage without a status starts at that stage's first status.
  if (patch.lifecycle_stage_id != null && patch.contact_status_id == null) next.contact_status_id = null;
  if (next.lifecycle_stage_id == null && next.contact_status_id == null) {
    // A new contact starts in the first status of the first stage (Lead): the sandbox's assumption for a bare API create.
    next.lifecycle_stage_id = stages[0]?.id ?? null;
    next.contact_status_id = stages[0]?.contact_status_ids[0] ?? null;
    return;
  }
  const status = state.contactStatuses.find((s) => s.id === next.contact_status_id);
  if (next.lifecycle_stage_id == null) next.lifecycle_stage_id = status?.lifecycle_stage_id ?? null;
  const stage = stages.find((s) => s.id === next.lifecycle_stage_id);
  if (next.contact_status_id == null || !status) next.contact_status_id = stage?.contact_status_ids[0] ?? null;
  else if (status.lifecycle_stage_id !== next.lifecycle_stage_id) {
    problems.push(`contact_status_id: status "${status.name}" belongs to another lifecycle stage than ${shown(next.lifecycle_stage_id)}`);
  }
}

function pipelineStage(state: SandboxState, patch: Rec, next: Rec, problems: string[]) {
  // A new pipeline without a stage starts at that pipeline's first stage.
  if (patch.deal_pipeline_id != null && patch.deal_stage_id == null) next.deal_stage_id = null;
  const stages = state.pipelines.flatMap((p) => p.deal_stages);
  const stage = stages.find((s) => s.id === next.deal_stage_id);
  if (next.deal_pipeline_id == null) next.deal_pipeline_id = stage?.deal_pipeline_id ?? state.pipelines.find((p) => p.is_default)?.id ?? null;
  const pipeline = state.pipelines.find((p) => p.id === next.deal_pipeline_id);
  if (next.deal_stage_id == null) next.deal_stage_id = pipeline?.deal_stages[0]?.id ?? null;
  else if (stage && stage.deal_pipeline_id !== next.deal_pipeline_id) {
    problems.push(`deal_stage_id: stage "${stage.name}" is not a stage of pipeline ${shown(next.deal_pipeline_id)}`);
  }
}

function idList(state: SandboxState, key: string, given: unknown, target: string, problems: string[]): number[] {
  if (!Array.isArray(given)) return problems.push(`${key}: must be a list of ids, got ${shown(given)}`), [];
  return given.flatMap((id) => (liveRecord(state, target, id) ? [Number(id)] : (problems.push(`${key}: no ${target} record with id ${shown(id)}`), [])));
}

function dealProducts(state: SandboxState, given: unknown, problems: string[]): Rec[] {
  if (!freshsalesPlan(state.plan).features.productCatalog) throw new SandboxError(403, [`products: the product catalog is not available on the ${state.plan} plan`]);
  if (!Array.isArray(given)) return problems.push(`products: must be a list of {id, quantity, unit_price}, got ${shown(given)}`), [];
  return given.flatMap((item: Rec) => {
    const product = liveRecord(state, 'products', item?.id);
    if (!product) return problems.push(`products: no product with id ${shown(item?.id)}`), [];
    return [{ product_id: product.id, name: product.name, quantity: Number(item.quantity ?? 1), unit_price: item.unit_price ?? product.unit_price ?? null, discount: item.discount ?? null }];
  });
}

const decimal = (v: unknown) => (v == null ? null : Number.isInteger(Number(v)) ? `${Number(v)}.0` : String(Number(v)));

/**
 * Entity-specific shape and reference rules applied to the merged record `next` (existing values with the patch on top):
 * contact emails and accounts, lifecycle stage vs status, deal pipeline vs stage, deal contacts and products, targetables.
 */
export function applyRelations(state: SandboxState, entity: EntityDef, patch: Rec, next: Rec, previous: Rec | undefined, problems: string[]) {
  for (const [key, target] of Object.entries(entity.references ?? {})) {
    if (patch[key] != null && !liveRecord(state, target, patch[key])) problems.push(`${key}: no ${target} record with id ${shown(patch[key])}`);
    else if (patch[key] != null) next[key] = Number(patch[key]);
  }
  if ('targetable_type' in patch || 'targetable_id' in patch) {
    const target = TARGETABLE_COLLECTION[String(next.targetable_type)];
    if (!target) problems.push(`targetable_type: must be Contact, SalesAccount or Deal, got ${shown(next.targetable_type)}`);
    else if (!liveRecord(state, target, next.targetable_id)) problems.push(`targetable_id: no ${next.targetable_type} with id ${shown(next.targetable_id)}`);
    else {
      next.targetable_id = Number(next.targetable_id);
      next.targetables = [{ id: next.targetable_id, type: next.targetable_type }];
    }
  }

  if (entity === CONTACTS) {
    const emailInput = patch.emails ?? patch.email;
    if (emailInput !== undefined) next.emails = emailInput === null ? [] : contactEmails(state, emailInput, (previous?.emails as EmailEntry[]) ?? [], problems);
    next.email = (next.emails as EmailEntry[]).find((e) => e.is_primary)?.value ?? null;
    const accountInput = patch.sales_accounts ?? (patch.sales_account_id != null ? [{ id: patch.sales_account_id, is_primary: true }] : undefined);
    if (accountInput !== undefined) next.sales_accounts = contactAccounts(state, accountInput, problems) ?? previous?.sales_accounts ?? [];
    next.sales_account_id = (next.sales_accounts as Rec[]).find((a) => a.is_primary)?.id ?? null;
    lifecycle(state, patch, next, problems);
    next.display_name = [next.first_name, next.last_name].filter(Boolean).join(' ') || next.email || next.mobile_number || null;
  }
  if (entity === LEADS) {
    if (next.email != null && !EMAIL.test(String(next.email))) problems.push(`email: ${shown(next.email)} is not an email address`);
    next.display_name = [next.first_name, next.last_name].filter(Boolean).join(' ') || next.email || null;
  }
  if (entity === DEALS) {
    pipelineStage(state, patch, next, problems);
    let contactIds = (previous?.contact_ids as number[] | undefined) ?? [];
    if (patch.contacts_added_list !== undefined) contactIds = [...new Set([...contactIds, ...idList(state, 'contacts_added_list', patch.contacts_added_list, 'contacts', problems)])];
    if (patch.contacts_removed_list !== undefined) {
      const removed = new Set(idList(state, 'contacts_removed_list', patch.contacts_removed_list, 'contacts', problems));
      contactIds = contactIds.filter((id) => !removed.has(id));
    }
    next.contact_ids = contactIds;
    delete next.contacts_added_list;
    delete next.contacts_removed_list;
    if (patch.products !== undefined) next.products = dealProducts(state, patch.products, problems);
    next.has_products = Array.isArray(next.products) && next.products.length > 0;
    next.currency_id ??= state.selectors.currencies?.[0]?.id ?? null;
    for (const key of entity.decimals ?? []) if (key in next) next[key] = decimal(next[key]);
    next.base_currency_amount = next.amount;
    if (next.deal_stage_id !== previous?.deal_stage_id) next.stage_updated_time = next.updated_at;
  }
}
