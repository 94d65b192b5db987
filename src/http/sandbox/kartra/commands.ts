import { multiValueSeparator } from '../../../runner/sources/kartra/columns.ts';
import { emailKey, type KartraDataset, type KartraLead } from './dataset.ts';
import { isTree, type FormTree } from './form.ts';

/** An error as Kartra reports it: HTTP 200, status "Error", a message and a numeric type. */
export class KartraFailure extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export type Answer = Record<string, unknown>;

const CHOICE_KINDS = new Set(['drop_down', 'radio_button', 'checkbox']);

/** A lead as get_lead shows it: fields at the top, tags and lists as objects, every custom field (empty ones too). */
export function leadDetails(data: KartraDataset, lead: KartraLead): Answer {
  const separator = multiValueSeparator();
  const custom_fields = data.customFields.map((f) => {
    const text = lead.custom[f.field_identifier] ?? '';
    if (!CHOICE_KINDS.has(f.field_type)) return { field_id: f.field_id, field_identifier: f.field_identifier, field_type: f.field_type, field_value: text };
    const chosen = text.split(separator).map((s) => s.trim());
    return { field_id: f.field_id, field_identifier: f.field_identifier, field_type: f.field_type, field_value: f.options.filter((o) => chosen.includes(o.option_value)) };
  });
  return {
    ...lead.fields,
    tags: lead.tags.map((tag_name) => ({ tag_name })),
    lists: lead.lists.map((list_name) => ({ list_name, active: 1 })),
    custom_fields,
  };
}

/** The lead a request names: by id when given (Kartra's rule), else by email; 234 when there is none, 245 when deleted. */
function findLead(data: KartraDataset, ref: string | FormTree | undefined): [string, KartraLead] {
  if (!isTree(ref)) throw new KartraFailure('223', '"lead" must be an array');
  const id = typeof ref.id === 'string' ? ref.id.trim() : '';
  const email = typeof ref.email === 'string' ? ref.email : '';
  if (!id && !email.trim()) throw new KartraFailure('206', 'Lead email or id is missing');
  const hit = id ? [...data.leads].find(([, l]) => l.fields.id === id) : ([emailKey(email), data.leads.get(emailKey(email))] as const);
  if (!hit?.[1]) throw new KartraFailure('234', 'No lead found');
  if (hit[1].deleted) throw new KartraFailure('245', 'The lead was deleted');
  return [hit[0], hit[1]];
}

export function getLead(data: KartraDataset, ref: string | FormTree | undefined): Answer {
  if (!isTree(ref)) throw new KartraFailure('236', '"get_lead" must be an array');
  if (typeof ref.email !== 'string' || !ref.email.trim()) throw new KartraFailure('206', 'Lead email is missing');
  return { status: 'Success', lead_details: leadDetails(data, findLead(data, { email: ref.email })[1]) };
}

/** One item of a lead's transactions or subscriptions, by the id the action names. */
function detailOf(items: Record<string, string>[], idField: string, action: FormTree, type: string, what: string) {
  const id = typeof action[idField] === 'string' ? action[idField] : '';
  const item = items.find((t) => t[idField] === id);
  if (!item) throw new KartraFailure(type, `${what} doesn't exist`);
  return item;
}

const pick = (record: Record<string, string>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, record[k] ?? '']));

/** Runs one `actions[N]` command; `lead` is the request's lead reference. */
export function runAction(data: KartraDataset, action: string | FormTree | undefined, lead: string | FormTree | undefined, testMode: boolean): Answer {
  if (!isTree(action) || typeof action.cmd !== 'string' || !action.cmd) throw new KartraFailure('254', 'The cmd parameter is missing');
  const ok = (body: Answer) => ({ status: 'Success', ...body });
  const transactionsOf = () => data.transactions.get(findLead(data, lead)[0]) ?? [];
  const subscriptionsOf = () => data.subscriptions.get(findLead(data, lead)[0]) ?? [];
  switch (action.cmd) {
    case 'retrieve_custom_fields':
      return ok({ custom_fields: data.customFields.map((f) => ({ field_id: f.field_id, field_identifier: f.field_identifier, field_type: f.field_type, field_value: f.options })) });
    case 'retrieve_account_tags':
      return ok({ account_tags: [...new Set([...data.leads.values()].flatMap((l) => l.tags))] });
    case 'retrieve_account_lists':
      return ok({ account_lists: [...new Set([...data.leads.values()].flatMap((l) => l.lists))] });
    case 'search_lead':
      return ok({ lead_details: { id: findLead(data, lead)[1].fields.id ?? '' } });
    case 'retrieve_transactions_from_lead':
      return ok({ transaction_list: transactionsOf().map((t) => pick(t, ['transaction_id', 'lead_id', 'lead_email', 'transaction_type'])) });
    case 'get_transaction_details':
      return ok({ transaction_details: detailOf(transactionsOf(), 'transaction_id', action, '247', 'Transaction') });
    case 'retrieve_subscriptions_from_lead':
      return ok({
        subscriptions_list: subscriptionsOf().map((s) => ({ ...pick(s, ['subscription_id', 'lead_email', 'subscription_status']), lead_id: s.subscription_lead_id ?? '' })),
      });
    case 'get_subscription_details': {
      // The documented detail fields name the subscriber by lead id only; the email is on the list entry.
      const { lead_email: _email, ...details } = detailOf(subscriptionsOf(), 'subscription_id', action, '248', 'Subscription');
      return ok({ subscription_details: details });
    }
    case 'create_lead':
      return ok({ lead_details: { id: createLead(data, lead, testMode) } });
    default:
      throw new KartraFailure('262', `The app is not permitted to run "${action.cmd}"`);
  }
}

/** create_lead: no upsert (244 when the email exists); in Test Mode the email's domain becomes kartra.com. */
function createLead(data: KartraDataset, lead: string | FormTree | undefined, testMode: boolean): string {
  if (!isTree(lead)) throw new KartraFailure('223', '"lead" must be an array');
  const given = typeof lead.email === 'string' ? lead.email.trim() : '';
  if (!given) throw new KartraFailure('206', 'Lead email is missing');
  const email = testMode ? given.replace(/@.*$/, '@kartra.com') : given;
  if (data.leads.has(emailKey(email))) throw new KartraFailure('244', 'The lead already exists');
  const id = String(Math.max(0, ...[...data.leads.values()].map((l) => Number(l.fields.id) || 0)) + 1);
  const fields: Record<string, string> = { id, email };
  for (const [k, v] of Object.entries(lead)) if (typeof v === 'string' && k !== 'email' && k !== 'id') fields[k] = v;
  data.leads.set(emailKey(email), { fields, tags: [], lists: [], custom: {}, deleted: false });
  return id;
}
