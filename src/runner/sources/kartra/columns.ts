import { knowledgeBase } from '../../../../rules/index.ts';
import type { SourcePlatform } from '../../../../rules/schema/platform.ts';
import { matchColumn } from '../../../scoping/discovery/recognise/match-column.ts';
import { normaliseKey } from '../../../scoping/text.ts';
import type { KartraStreamObject } from './config.ts';

/** The column the contacts stream adds: what the API lookup of the row's email found. */
export const LOOKUP_COLUMN = 'Kartra Lookup';
export const LOOKUP = { found: 'found', notFound: 'not found', deleted: 'deleted', noEmail: 'no email' } as const;

/**
 * The headers of Kartra's export files (as test/fixtures/exports/kartra has them) and the API field each one carries.
 * A stream with no export file to copy its header from uses these, in this order; they also name the API fields of
 * headers the platform file's aliases do not know ("Card Last 4", "Current Installment").
 */
export const KARTRA_EXPORT_HEADERS: Record<KartraStreamObject, ReadonlyArray<readonly [header: string, field: string]>> = {
  contact: [
    ['Lead ID', 'id'],
    ['First Name', 'first_name'],
    ['Middle Name', 'middle_name'],
    ['Last Name', 'last_name'],
    ['Email', 'email'],
    ['Phone Country Code', 'phone_country_code'],
    ['Phone', 'phone'],
    ['Company', 'company'],
    ['Website', 'website'],
    ['Address', 'address'],
    ['Zip', 'zip'],
    ['City', 'city'],
    ['State', 'state'],
    ['Country', 'country'],
    ['Date Joined', 'date_joined'],
    ['Source', 'source'],
    ['Tags', 'tags'],
    ['Lists', 'lists'],
    ['GDPR Status', 'gdpr_lead_status'],
    ['GDPR Status Date', 'gdpr_lead_status_date'],
  ],
  transaction: [
    ['Transaction ID', 'transaction_id'],
    ['Type', 'transaction_type'],
    ['Transaction Date', 'transaction_date'],
    ['Buyer Email', 'lead_email'],
    ['Lead ID', 'lead_id'],
    ['Product', 'product_name'],
    ['Product ID', 'product_id'],
    ['Price Point', 'product_price_point'],
    ['Full Amount', 'transaction_full_amount'],
    ['Base Amount', 'transaction_base_amount'],
    ['Discount', 'transaction_discount'],
    ['Tax', 'transaction_tax'],
    ['Quantity', 'transaction_quantity'],
    ['Original Sale', 'transaction_parent_id'],
    ['Subscription ID', 'transaction_subscription_id'],
    ['Card Last 4', 'transaction_last_4_card_digits'],
  ],
  subscription: [
    ['Subscription ID', 'subscription_id'],
    ['Lead ID', 'subscription_lead_id'],
    ['Subscriber Email', 'lead_email'],
    ['Product ID', 'subscription_product_id'],
    ['Price Point', 'subscription_price_point'],
    ['Status', 'subscription_status'],
    ['Billing Period', 'subscription_recurring_period'],
    ['Started', 'subscription_start_date'],
    ['End Date', 'subscription_end_date'],
    ['Next Payment Date', 'subscription_next_payment_date'],
    ['Current Installment', 'subscription_current_installment'],
    ['Installments Left', 'subscription_installments_left'],
    ['Next Payment Amount', 'subscription_next_scheduled_payment_amount'],
  ],
};

/** The platform objects whose fields a stream's headers may name (the contacts export also carries GDPR consent). */
const PLATFORM_OBJECTS: Record<KartraStreamObject, string[]> = {
  contact: ['contact', 'gdpr_consent'],
  transaction: ['transaction'],
  subscription: ['subscription'],
};

export function kartraPlatform(): SourcePlatform {
  const platform = knowledgeBase.source('kartra');
  if (!platform) throw new Error('the knowledge base has no Kartra platform (rules/platforms/kartra.json)');
  return platform;
}

/** The separator Kartra's exports put between tags or lists in one cell (rules/platforms/kartra.json). */
export const multiValueSeparator = (): string => kartraPlatform().channels.export.multiValueSeparator ?? ';';

/** One column of a stream and the API field it carries; null for a column the API has no field for (custom fields aside). */
export interface ColumnField {
  header: string;
  field: string | null;
}

/** Which API field each header carries: the export headers above first, then the API names, then the platform file's aliases. */
export function columnFields(object: KartraStreamObject, headers: readonly string[]): ColumnField[] {
  const known = new Map<string, string>();
  for (const [header, field] of KARTRA_EXPORT_HEADERS[object]) {
    known.set(normaliseKey(header), field);
    if (!known.has(normaliseKey(field))) known.set(normaliseKey(field), field);
  }
  const platform = kartraPlatform();
  return headers.map((header) => {
    let field = known.get(normaliseKey(header)) ?? null;
    for (const o of PLATFORM_OBJECTS[object]) field ??= matchColumn(platform, o, header).field;
    return { header, field };
  });
}

/** The header to write `field` under, from an export's own header when it carries the field. */
export const headerFor = (columns: readonly ColumnField[], field: string): string | undefined => columns.find((c) => c.field === field)?.header;
