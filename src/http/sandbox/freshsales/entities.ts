/** How the sandbox stores and serves one kind of Freshsales object. */
export interface EntityDef {
  /** URL segment and state.records key: contacts, sales_accounts, tasks, ... */
  collection: string;
  /** Body wrapper key: {"contact": {...}}. */
  singular: string;
  /** targetable_type / base_model name. */
  model: string;
  /** Entity whose field settings validate writes; entities without settings list their attributes instead. */
  fields?: string;
  attributes?: string[];
  required?: string[];
  /** Attributes (of entities without field settings) holding an ISO-8601 date and time. */
  dates?: string[];
  /** Top-level keys the API stamps itself; writes ignore them, so a record read back can be sent again. */
  system: string[];
  /** Soft delete (recycle bin, is_deleted) and /forget, or plain removal. */
  softDelete: boolean;
  /** Fields rendered as decimal strings ("5600.0"), as Freshsales renders money. */
  decimals?: string[];
  /** auto_complete fields holding the id of a record of another collection. */
  references?: Record<string, string>;
  /** Identifier keys allowed in upsert and bulk upsert (besides any cf_* custom field). */
  identifiers?: string[];
  editions?: Array<'suite' | 'classic'>;
  planFeature?: 'productCatalog' | 'customModules';
}

export const SYSTEM = ['id', 'created_at', 'updated_at', 'is_deleted', 'deleted_at', 'creater_id', 'updater_id', 'links', 'partial'];
const TARGETABLE = ['targetable_type', 'targetable_id'];

export const CONTACTS: EntityDef = {
  collection: 'contacts', singular: 'contact', model: 'Contact', fields: 'contacts', softDelete: true,
  system: [...SYSTEM, 'display_name', 'avatar', 'lead_score', 'open_deals_amount', 'won_deals_amount', 'team_user_ids', 'last_contacted', 'sales_account_id'],
  identifiers: ['emails', 'email', 'mobile_number', 'external_id', 'id'],
};
export const SALES_ACCOUNTS: EntityDef = {
  collection: 'sales_accounts', singular: 'sales_account', model: 'SalesAccount', fields: 'sales_accounts', softDelete: true,
  system: [...SYSTEM, 'avatar', 'open_deals_amount', 'won_deals_amount', 'team_user_ids', 'last_contacted'],
  references: { parent_sales_account_id: 'sales_accounts' },
  identifiers: ['name', 'id'],
};
export const DEALS: EntityDef = {
  collection: 'deals', singular: 'deal', model: 'Deal', fields: 'deals', softDelete: true,
  system: [...SYSTEM, 'base_currency_amount', 'contacts', 'stage_updated_time', 'age', 'has_products', 'team_user_ids'],
  decimals: ['amount', 'base_currency_amount'],
  references: { sales_account_id: 'sales_accounts' },
  identifiers: ['name', 'id'],
};
export const LEADS: EntityDef = {
  collection: 'leads', singular: 'lead', model: 'Lead', fields: 'leads', softDelete: true, editions: ['classic'],
  system: [...SYSTEM, 'display_name', 'avatar', 'lead_score'],
  identifiers: ['email', 'mobile_number', 'id'],
};

/** Contacts, accounts, deals (and Classic leads): views, upsert, bulk upsert, soft delete and forget. */
export const CORE_ENTITIES = [CONTACTS, SALES_ACCOUNTS, DEALS, LEADS];

export const TASKS: EntityDef = {
  collection: 'tasks', singular: 'task', model: 'Task', softDelete: false, system: [...SYSTEM, 'targetables', 'completed_date'],
  attributes: ['title', 'description', 'due_date', 'owner_id', 'status', 'task_type_id', 'outcome_id', ...TARGETABLE],
  required: ['title', 'due_date', 'owner_id', ...TARGETABLE],
  dates: ['due_date'],
};
export const APPOINTMENTS: EntityDef = {
  collection: 'appointments', singular: 'appointment', model: 'Appointment', softDelete: false,
  system: [...SYSTEM, 'targetables', 'appointment_attendee_ids', 'provider'],
  attributes: [
    'title', 'description', 'from_date', 'end_date', 'time_zone', 'is_allday', 'location', 'latitude', 'longitude', 'outcome_id',
    'appointment_attendees_attributes', ...TARGETABLE,
  ],
  required: ['title', 'from_date', 'end_date'],
  dates: ['from_date', 'end_date'],
};
export const SALES_ACTIVITIES: EntityDef = {
  collection: 'sales_activities', singular: 'sales_activity', model: 'SalesActivity', fields: 'sales_activities', softDelete: false,
  system: [...SYSTEM, 'targetables', 'completed_date', 'status'],
};
export const NOTES: EntityDef = {
  collection: 'notes', singular: 'note', model: 'Note', softDelete: false, system: [...SYSTEM, 'targetables', 'url', 'has_access'],
  attributes: ['description', ...TARGETABLE],
  required: ['description', ...TARGETABLE],
};

/** Objects hanging off a contact, account or deal, created one call per record. */
export const ACTIVITY_ENTITIES = [TASKS, APPOINTMENTS, SALES_ACTIVITIES, NOTES];

export const PRODUCTS: EntityDef = {
  collection: 'products', singular: 'product', model: 'Product', softDelete: true, planFeature: 'productCatalog', system: SYSTEM,
  attributes: ['name', 'sku_number', 'category', 'description', 'owner_id', 'is_active', 'pricing_type', 'product_pricings', 'billing_type', 'billing_cycle', 'unit_price'],
  required: ['name'],
};
export const LISTS: EntityDef = {
  collection: 'lists', singular: 'list', model: 'List', softDelete: false, system: SYSTEM, attributes: ['name'], required: ['name'],
};
export const DOCUMENTS: EntityDef = {
  collection: 'documents', singular: 'document', model: 'Document', softDelete: false, system: SYSTEM,
  attributes: ['name', 'is_shared', ...TARGETABLE],
};

/** Targetable types: which collection a targetable_type names. */
export const TARGETABLE_COLLECTION: Record<string, string> = { Contact: 'contacts', SalesAccount: 'sales_accounts', Deal: 'deals' };

/** A custom module (Enterprise) is addressed by its entity_name, which also wraps its records. */
export const customModuleEntity = (entityName: string): EntityDef => ({
  collection: entityName, singular: entityName, model: entityName, fields: entityName, softDelete: true, system: SYSTEM, identifiers: ['name', 'id'],
});
