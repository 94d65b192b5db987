import type { ColumnProfile } from '../../scoping/discovery/profile/types.ts';
import type { Mapping } from '../../scoping/mapping/document.ts';
import type { DestinationDescription, DestinationEntity, SourcePosition, SourceRow } from '../protocol.ts';

export interface CompileInput {
  mapping: Mapping;
  /** The object row (ObjectMapping.row) to transform. */
  object: string;
  /** Column → profile, for the columns of the object's files. */
  profiles: Record<string, ColumnProfile>;
  destination: DestinationDescription;
  entity: DestinationEntity;
  /** The source platform's separator between items of one cell, for list cells discovery profiled as plain text. */
  listSeparator?: string;
  /** Example amounts of every format the platform's exports use ('$1,299.00', '1.299,00 €'): a value only one of them reads is read by it. */
  amountFormats?: readonly string[];
  /**
   * The object's rows are carried onto the records they name (its pair-card row writes no record of its own): its
   * relationships name those records of its own kind rather than fill a link field.
   */
  enrichment?: boolean;
  /**
   * Objects of the same kind whose rows write no record of their own and fill the records that name them (Profi's
   * packages, named by sessions): a relationship to one names the row whose values this record takes, not a link.
   */
  lookups?: ReadonlySet<string>;
  /** Required fields the caller fills itself (an activity's targetable, owner, type and end), so no column need fill them. */
  provided?: ReadonlySet<string>;
}

/** Something that makes the whole object unloadable until the mapping or the destination account is fixed. */
export interface SetupProblem {
  object: string;
  column: string | null;
  field: string | null;
  message: string;
}

export type RefVia = 'id' | 'name' | 'email';

/** A link to a record of another object, resolved by the pipeline once that record has its destination id. */
export interface RecordRef {
  relationship: string;
  toObject: string;
  via: RefVia;
  /** Normalised (normaliseKeyValue) like the target rows' `keys`. */
  value: string;
  /** The Freshsales field the resolved id goes into: sales_account_id, contact_ids (a list) or parent_sales_account_id. */
  field: string;
}

export interface StagedRecord {
  sourceKey: string;
  identifier: Record<string, string | number>;
  /** The Freshsales payload: standard fields at the top, custom ones under `custom_field`, provenance included. */
  data: Record<string, unknown>;
  /** The raw owner cell; the pipeline resolves it against the owner plan. */
  owner: string | null;
  refs: RecordRef[];
  /** A contact's free-text company: the pipeline links (or creates) the account of that name. */
  accountName?: string;
  /** Normalised values of this row's columns that relationships point at, so other rows can find it. */
  keys: Record<string, string>;
  /** Normalised email, for dedupe. */
  email?: string;
  /** The destination's own key of the record, normalised (identity.ts naturalKey): rows sharing it are one record. */
  dedupeKey?: string;
  /** UTC ISO instant of the row's newest created/modified/updated column, for delta runs. */
  cursor?: string;
  /** Activities routed by type: the kind this row becomes when it is not the object's own. */
  entity?: DestinationEntity;
  /** Custom-object rows written as module records: the entity name of the custom module the row's object name found. */
  module?: string;
  /** Activities: the line in its text naming its source row, which a retried write searches for (they have no upsert). */
  marker?: string;
  /** What the row loads without or changed to load (a link whose record is missing, a number another record holds). */
  warnings?: RowWarning[];
}

/** Something a row loaded without, or had changed so it could load: the column and value concerned, and what to do. */
export interface RowWarning {
  column: string | null;
  value: string | null;
  message: string;
}

/** A failed row is quarantined, unless `skip`: the row rightly makes no record of this object (its reason says why). */
export type TransformResult = { ok: true; record: StagedRecord } | { ok: false; reason: string; column?: string; skip?: true };

export interface CompiledTransform {
  transform(row: SourceRow, position: SourcePosition): TransformResult;
  problems: SetupProblem[];
}

/** One coerced value: `value` undefined means the cell was empty and the field is left out. */
export type Coerced = { ok: true; value: unknown } | { ok: false; reason: string };
