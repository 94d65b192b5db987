import type { ColumnProfile } from './profile/types.ts';

export type { SourceFieldType } from './profile/types.ts';

/** What discovery knows about one column: its inferred type and the evidence, never the customer's rows. */
export type ColumnSummary = ColumnProfile;

export interface InventoryColumn {
  header: string;
  /** The platform field this header is, when the knowledge base knows it. */
  field: string | null;
  how: 'id' | 'label' | 'alias' | 'declared' | null;
  profile: ColumnSummary;
}

/** One uploaded export file (or a declared field list) after discovery. */
export interface InventoryFile {
  name: string;
  kind: 'export' | 'field_description';
  format: 'csv' | 'json' | 'ndjson' | 'description';
  encoding?: string;
  delimiter?: string;
  bom?: boolean;
  lineEnding?: string;
  rows: number;
  bytes: number;
  object: string;
  recognition: { confidence: number; reason: string; overridden: boolean; alternatives: { object: string; confidence: number }[] };
  columns: InventoryColumn[];
}

/** The field inventory of one source object, merged over every file that holds it. */
export interface InventoryObject {
  object: string;
  files: string[];
  rows: number;
  columns: (InventoryColumn & { files: string[] })[];
}
