import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { FRESHSALES_EDITIONS } from '../../rules/schema/platform.ts';
import { SCOPE_STATUSES } from '../../src/scoping/statuses.ts';
import { createdAt } from './columns.ts';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

/** A migration being scoped: the quote it came from and the status of its current mapping version. */
export const scopes = sqliteTable(
  'scopes',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    name: text('name').notNull(),
    source: text('source').notNull(),
    destination: text('destination').notNull(),
    plan: text('plan').notNull(),
    /** The Freshsales edition the scope targets: it decides whether leads are Classic leads or Suite contacts. */
    edition: text('edition', { enum: FRESHSALES_EDITIONS }).notNull().default('suite'),
    estimateId: text('estimate_id'),
    /** The estimate input and the quote computed from it, as JSON. */
    input: text('input').notNull(),
    quote: text('quote').notNull(),
    status: text('status', { enum: SCOPE_STATUSES }).notNull(),
    currentVersion: integer('current_version').notNull(),
    createdBy: text('created_by').notNull().references(() => users.id),
    ...createdAt,
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('scopes_org').on(t.orgId, t.createdAt)],
);

/** What discovery learned from each uploaded file (never the customer's rows, only their profile). Replaced by name. */
export const scopeFiles = sqliteTable(
  'scope_files',
  {
    scopeId: text('scope_id').notNull().references(() => scopes.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['export', 'field_description', 'workflows'] }).notNull(),
    /** InventoryFile or the parsed workflow list, as JSON. */
    body: text('body').notNull(),
    uploadedBy: text('uploaded_by').notNull().references(() => users.id),
    ...createdAt,
  },
  (t) => [primaryKey({ columns: [t.scopeId, t.name] })],
);

/** Every saved mapping is a new version; approval and sign-off are recorded against one version and its hash. */
export const scopeVersions = sqliteTable(
  'scope_versions',
  {
    scopeId: text('scope_id').notNull().references(() => scopes.id),
    version: integer('version').notNull(),
    status: text('status', { enum: SCOPE_STATUSES }).notNull(),
    mapping: text('mapping').notNull(),
    hash: text('hash').notNull(),
    note: text('note').notNull(),
    createdBy: text('created_by').notNull().references(() => users.id),
    ...createdAt,
    approvedBy: text('approved_by').references(() => users.id),
    approvedAt: integer('approved_at', { mode: 'timestamp_ms' }),
    signedOffBy: text('signed_off_by'),
    signedOffAt: integer('signed_off_at', { mode: 'timestamp_ms' }),
    /** The signer's name, email, title and address as JSON. */
    signOff: text('sign_off'),
  },
  (t) => [primaryKey({ columns: [t.scopeId, t.version] })],
);

/** Confirmed field mappings per organisation and platform pair, so later proposals can reuse them. */
export const mappingMemory = sqliteTable(
  'mapping_memory',
  {
    orgId: text('org_id').notNull().references(() => organisations.id),
    source: text('source').notNull(),
    destination: text('destination').notNull(),
    sourceObject: text('source_object').notNull(),
    /** The normalised column name. */
    columnKey: text('column_key').notNull(),
    target: text('target').notNull(),
    confirmations: integer('confirmations').notNull(),
    lastScopeId: text('last_scope_id').notNull(),
    lastConfirmedAt: integer('last_confirmed_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('mapping_memory_key').on(t.orgId, t.source, t.destination, t.sourceObject, t.columnKey)],
);

/** Secrets the service generates for itself on first use (e.g. the key that signs customer sign-off links). */
export const instanceSecrets = sqliteTable('instance_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  ...createdAt,
});
