/**
 * The connector contract. Connectors only talk to the outside world; the pipeline owns ordering, batching, retries,
 * checkpoints and the ledger. A connector is opened once per run phase with its config and the run's context.
 */
import type { z } from 'zod';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** One source row as read from an export: column → cell (multi-value JSON cells stay lists). */
export type SourceRow = Record<string, string | string[]>;

/** Where a source row came from, so every problem can name its file and line. */
export interface SourcePosition {
  file: string;
  line: number;
}

export interface StreamSpec {
  /** The stream's name: for file exports, the file name. */
  name: string;
  columns: string[];
  /** Bytes to read, when known, for progress. */
  bytes?: number;
}

export type SourceMessage =
  | { type: 'record'; stream: string; data: SourceRow; position: SourcePosition }
  /** Everything emitted before this message can be resumed past: `state` is handed back to `read` on resume. */
  | { type: 'checkpoint'; stream: string; state: Json };

/** Connector logs never carry secrets or customer rows. */
export type Log = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

/** The destination account's API budget, shared by every request of every run writing to that account. */
export interface RateBudget {
  /** Resolves when one more call may be made now. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** What an answer said about the budget; `throttled` for a 429. */
  observe(state: { limit: number | null; remaining: number | null; resetAt: Date | null } | null, throttled: boolean): void;
}

export interface ConnectorCtx {
  signal: AbortSignal;
  fetch: typeof fetch;
  now: () => Date;
  /** Waits on the run's clock (compressed in benchmarks); rejects when the signal aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  log: Log;
  /** Absent for sources and for tools that make a handful of calls. */
  budget?: RateBudget;
}

export type CheckResult = { ok: true } | { ok: false; message: string };

export interface SourceSession {
  check(): Promise<CheckResult>;
  discover(): Promise<StreamSpec[]>;
  /** Pull-based and bounded in memory; resumes after `state` from the stream's last checkpoint (null: from the start). */
  read(stream: string, state: Json | null): AsyncIterable<SourceMessage>;
  /**
   * A file the export holds beside its tables (an attachment's bytes), by its path relative to the export folder
   * ("attachments/ATT-1/quote.pdf"); null when there is none. Sources that hold no files leave it out.
   */
  file?(path: string): Promise<SourceFile | null>;
}

/** A file found beside the export's tables: its size is known before its bytes are read. */
export interface SourceFile {
  /** Relative to the export folder, as asked for. */
  path: string;
  bytes: number;
  read(): Promise<Uint8Array>;
}

export interface SourceConnector<C> {
  kind: string;
  configSchema: z.ZodType<C>;
  /** Config keys holding credentials: stored encrypted with the run, never shown back. */
  secrets?: readonly string[];
  /**
   * Reads by source object rather than by file: its config takes `streams` (the scope's file names → the source object
   * each carries), which a run fills from the scope when the engineer gives none.
   */
  objectStreams?: boolean;
  open(config: C, ctx: ConnectorCtx): SourceSession;
}

/** Records the destination stores, by their collection name: the core records, then the activities hanging off them. */
export const DESTINATION_ENTITIES = ['sales_accounts', 'contacts', 'deals', 'leads', 'products', 'deal_products', 'tasks', 'appointments', 'sales_activities', 'notes'] as const;
export type DestinationEntity = (typeof DESTINATION_ENTITIES)[number];

/**
 * The product catalogue (Pro and up) and the line items on deals. Products are plain creates like activities (no
 * upsert), found again by SKU or name; a deal's line items are one list written with the deal, so each line's
 * destination id is "<deal id>/<line key>" and a line is read back, removed or restored through its deal.
 */
export const CATALOGUE_ENTITIES = ['products', 'deal_products'] as const satisfies readonly DestinationEntity[];
export type CatalogueEntity = (typeof CATALOGUE_ENTITIES)[number];
export const isCatalogueEntity = (e: DestinationEntity): e is CatalogueEntity => (CATALOGUE_ENTITIES as readonly string[]).includes(e);
/** Everything else: records with an API collection of their own. */
export type RecordKindEntity = Exclude<DestinationEntity, CatalogueEntity>;

/** One line item as Ferry puts it on a deal: the product it names and the line's own values (quantity, price, discount). */
export interface DealLine {
  /** The Freshsales product id where the plan has a catalogue; else the catalogue row's source key. */
  ref: string;
  /** The product's name (and SKU), for plans where lines are summarised as text. */
  label: string;
  values: Record<string, unknown>;
}

/** The data of a deal_products LoadRecord: a deal's line list is written whole, so every record carries all of it. */
export interface DealLineData {
  deal_id: string;
  /** This record's line: dealLineKey of its ref and how many lines of the same product come before it. */
  line: string;
  /** Every line Ferry puts on the deal, this one included, in order. */
  lines: DealLine[];
  /** The deal was there before this run: lines it holds for other products stay. */
  keep: boolean;
}

export const dealLineKey = (ref: string, n: number) => `${ref}.${n}`;
/** A line's destination id: the deal and the line's key. */
export const dealLineId = (dealId: string, key: string) => `${dealId}/${key}`;

/**
 * Records that hang off a contact, account or deal (targetable_type + targetable_id): created one call each, with no
 * upsert and no identifier to match on, so they are never snapshotted and a retry must look before it creates again.
 */
export const ACTIVITY_ENTITIES = ['tasks', 'appointments', 'sales_activities', 'notes'] as const satisfies readonly DestinationEntity[];
export type ActivityEntity = (typeof ACTIVITY_ENTITIES)[number];
export const isActivityEntity = (e: DestinationEntity): e is ActivityEntity => (ACTIVITY_ENTITIES as readonly string[]).includes(e);

/**
 * Core records the destination cannot upsert (Classic's leads: no upsert, no bulk upsert). They are listed and read
 * back like contacts, but written one create a call: a record the account already holds (found in the run's snapshot by
 * its identifier) is updated by id, and a retried batch looks for what an earlier attempt created before creating.
 */
export const PLAIN_CREATE_ENTITIES = ['leads'] as const satisfies readonly DestinationEntity[];
export type PlainCreateEntity = (typeof PLAIN_CREATE_ENTITIES)[number];
export const isPlainCreateEntity = (e: DestinationEntity): e is PlainCreateEntity => (PLAIN_CREATE_ENTITIES as readonly string[]).includes(e);

/** Records with no listing of their own, so they are read back by id after loading: activities and deal line items. */
export const readBackById = (e: DestinationEntity) => isActivityEntity(e) || e === 'deal_products';

export interface DestinationChoice {
  id: number | string;
  value: string;
}

export interface DestinationField {
  name: string;
  label: string;
  type: string;
  required: boolean;
  /** Custom fields travel under `custom_field` with their cf_ name. */
  custom: boolean;
  choices: DestinationChoice[];
}

export interface DestinationUser {
  id: number;
  email: string;
  name: string;
}

/** What the destination account offers, read once per run and used to validate and coerce every value. */
export interface DestinationDescription {
  fields: Record<DestinationEntity, DestinationField[]>;
  users: DestinationUser[];
  /** Selector lists by name (lead_sources, deal_types, currencies, …), with `deal_stages` flattened across pipelines. */
  selectors: Record<string, DestinationChoice[]>;
}

/** A record as the destination shows it (standard fields at the top, custom ones under custom_field). */
export type DestinationRecord = Record<string, unknown> & { id: number | string };

export interface LoadRecord {
  sourceKey: string;
  /** One key naming the record, so a retried write updates instead of duplicating: {emails}, {name} or a unique cf_ field. */
  identifier: Record<string, string | number>;
  data: Record<string, unknown>;
  /** Activities and plain-create records (leads): the id of the record already there for this row, updated in place instead of created. */
  update?: string;
  /** Activities only: a line of the record's text naming its source row, by which a retry finds what an earlier attempt created. */
  marker?: string;
}

export interface LoadBatch {
  /** Stable across retries: sha-256 of run, object and sequence number. */
  key: string;
  entity: DestinationEntity;
  records: LoadRecord[];
  /**
   * An earlier attempt at this batch may have written some of it (a retried call, or a window a crash interrupted).
   * Upserts need not care; activities, which are plain creates, look for what the earlier attempt made first.
   */
  retried?: boolean;
}

export type WriteOutcome =
  | { sourceKey: string; status: 'written'; destinationId: string }
  | { sourceKey: string; status: 'failed'; error: { code: string; message: string; retryable: boolean } };

/** A file to attach to a contact, account or deal (a Freshsales document). */
export interface DocumentUpload {
  sourceKey: string;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  /** Contact, SalesAccount or Deal. */
  targetableType: string;
  targetableId: string;
  /** Whether other users of the account see it. */
  shared: boolean;
  /**
   * An earlier attempt may have uploaded it (a retried call, or a window a crash interrupted): the record's documents
   * are searched for one of the same name and size before uploading again, as activities look for their marker.
   */
  retried?: boolean;
}

/** A document as the destination shows it. */
export interface DestinationDocument {
  id: string;
  name: string;
  size: number;
  targetableType: string;
  targetableId: string;
}

/** Files attached to records: uploaded one per call (no upsert), read back and deleted by id. */
export interface DocumentSession {
  upload(doc: DocumentUpload): Promise<WriteOutcome>;
  /** Null for an id the destination no longer has. */
  fetch(ids: string[]): Promise<Map<string, DestinationDocument | null>>;
  remove(id: string): Promise<'deleted' | 'gone'>;
}

/** A static list of contacts as the destination shows it. */
export interface DestinationList {
  id: string;
  name: string;
}

/** A contact a list refused to take, and what the destination said. */
export interface RefusedMember {
  contactId: string;
  message: string;
}

/**
 * Static contact lists: found by name, created one call each, members added and removed by contact id a batch at a
 * time. Adding a member twice leaves one membership, so a retried batch is safe; a list has no upsert, so a caller
 * looks among `all()` by name before creating one.
 */
export interface ListSession {
  /** Every list of the account, page by page. */
  all(): Promise<DestinationList[]>;
  create(name: string): Promise<DestinationList>;
  /** The contact ids of a list, page by page; null when the list no longer exists. */
  members(listId: string): Promise<string[] | null>;
  /** Adds one batch; the contacts the destination refused (the rest of the batch is added). */
  add(listId: string, contactIds: string[]): Promise<RefusedMember[]>;
  /** 'gone' when the list no longer exists. */
  remove(listId: string, contactIds: string[]): Promise<'removed' | 'gone'>;
  delete(listId: string): Promise<'deleted' | 'gone'>;
}

/** A custom module of the account (Enterprise): records of an object the customer defined, addressed by its entity name. */
export interface DestinationModule {
  entityName: string;
  singular: string;
  plural: string;
}

/**
 * Custom-module records: created one call each (no upsert), found again by a field's value (a retry looks for what an
 * earlier attempt created, by Ferry's source id), read back, removed by id.
 */
export interface ModuleSession {
  modules(): Promise<DestinationModule[]>;
  /** A module's fields, described like any entity's. */
  fields(entityName: string): Promise<DestinationField[]>;
  /** `identifier`: the one field and value naming the record (Ferry's source id), by which a retry finds it instead of creating it twice. */
  create(entityName: string, identifier: { field: string; value: string }, data: Record<string, unknown>): Promise<DestinationRecord>;
  /** Live records whose `field` holds one of `values`. */
  find(entityName: string, field: string, values: string[]): Promise<DestinationRecord[]>;
  /** Read back; null for an id the module no longer has live. */
  fetch(entityName: string, ids: string[]): Promise<Map<string, DestinationRecord | null>>;
  /** Soft-delete then purge. 'gone' when it was already absent. */
  remove(entityName: string, id: string): Promise<'deleted' | 'gone'>;
}

export interface DestinationSession {
  check(): Promise<CheckResult>;
  /**
   * Core entities always; activity entities only when named (a run passes the kinds its plan writes), since their
   * settings and selector lists cost calls a run without activities should not make. Unnamed ones describe no fields.
   */
  describe(entities?: DestinationEntity[]): Promise<DestinationDescription>;
  /** Every live record of an entity, page by page (the before-images a run may overwrite). Core entities only: activities are read back by id. */
  snapshot(entity: DestinationEntity): AsyncIterable<DestinationRecord[]>;
  /** Idempotent per batch: writing the same batch twice leaves the same records. Throws when the whole call failed. */
  write(batch: LoadBatch): Promise<WriteOutcome[]>;
  /** Read back; null for an id the destination no longer has. */
  fetch(entity: DestinationEntity, ids: string[]): Promise<Map<string, DestinationRecord | null>>;
  /** Soft-delete then purge. 'gone' when it was already absent. */
  remove(entity: DestinationEntity, id: string): Promise<'deleted' | 'gone'>;
  /** Put back the fields of a before-image. 'gone' when the record no longer exists. */
  restore(entity: DestinationEntity, id: string, before: Record<string, unknown>): Promise<'restored' | 'gone'>;
  /** Present when the destination takes file attachments. */
  documents?: DocumentSession;
  /** Present when the destination keeps static contact lists. */
  lists?: ListSession;
  /** Present when the destination keeps records of custom modules (on plans that have them). */
  modules?: ModuleSession;
}

export interface DestinationConnector<C> {
  kind: string;
  configSchema: z.ZodType<C>;
  open(config: C, ctx: ConnectorCtx): DestinationSession;
}
