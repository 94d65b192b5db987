import type { RowStatus } from '../../runner/statuses.ts';
import { toCsv } from '../csv.ts';
import type { ReportDocument } from '../document.ts';
import type { RunHeader } from './input.ts';
import { count, plural, runHeaderLine, runMeta } from './meta.ts';
import { clip } from './values.ts';

/** The Freshsales record an inventoried row's note was written to. */
export interface InventoryNote {
  /** The note's Freshsales id. */
  id: string;
  /** The record it hangs off: its Freshsales object (deal, sales_account…) and id, and the source row it came from. */
  on: { object: string; label: string; id: string; sourceKey: string } | null;
}

/** One row of an inventoried export file, every cell as exported. */
export interface InventoryRow {
  file: string;
  line: number;
  sourceKey: string | null;
  cells: Record<string, string>;
  status: RowStatus;
  /** Why the row has no note (nothing loaded to hang it off, a duplicate, a row Freshsales refused). */
  reason: string | null;
  note: InventoryNote | null;
}

/**
 * Objects the pair card inventories rather than migrates, whose export files the customer gets back whole (Soffront's
 * projects, with their milestones and resources): every row as exported, and the note Ferry left on the linked record.
 */
export interface InventoryHandover {
  header: RunHeader;
  objects: {
    /** The pair-card row. */
    row: string;
    label: string;
    files: string[];
    /** The columns in export order. */
    columns: string[];
    rows: InventoryRow[];
  }[];
}

/** Ferry's own columns, after the exported ones. */
const TRAILING = ['note_on', 'note_on_id', 'note_id', 'ferry_status', 'ferry_reason'];

/**
 * One line per exported row: the pair-card row and where it came from, every exported column (the union over the
 * objects, in order of first appearance; multi-value cells as written), then the record its note went to. Cells a
 * spreadsheet would run as formulas are neutralised (toCsv).
 */
export function inventoryCsv(h: InventoryHandover): string {
  const columns = [...new Set(h.objects.flatMap((o) => o.columns))];
  return toCsv(
    ['inventory', 'source_file', 'source_line', ...columns, ...TRAILING],
    h.objects.flatMap((o) =>
      o.rows.map((r) => [
        o.row,
        r.file,
        r.line,
        ...columns.map((c) => r.cells[c] ?? null),
        r.note?.on ? `${r.note.on.label} ${r.note.on.sourceKey}` : null,
        r.note?.on?.id ?? null,
        r.note?.id ?? null,
        r.status,
        r.reason,
      ]),
    ),
  );
}

/** The inventory as a readable document: what it holds, then each object's rows with where their note went. */
export function inventoryReport(h: InventoryHandover): ReportDocument {
  const rows = h.objects.reduce((n, o) => n + o.rows.length, 0);
  const notes = h.objects.reduce((n, o) => n + o.rows.filter((r) => r.note).length, 0);
  return {
    title: 'Inventory',
    subtitle: `${h.header.scopeName}: records Freshsales has no place for, handed over whole`,
    meta: runMeta(h.header),
    header: runHeaderLine('Inventory', h.header),
    blocks: [
      {
        kind: 'callout',
        title: `${plural(rows, 'row', 'rows')} handed over, ${plural(notes, 'note', 'notes')} left in Freshsales`,
        text: 'The CSV download (inventory.csv) holds every column of every row as exported, for the customer to import into the tool that takes these records over. Where a row names a record that loaded, a note on that record summarises it.',
        tone: 'info',
      },
      ...h.objects.flatMap((o) => [
        { kind: 'heading' as const, text: `${o.label} (${o.files.join(', ')}): ${count(o.rows.length)} rows`, level: 2 as const },
        {
          kind: 'table' as const,
          columns: [
            { label: 'Line', width: 0.6 },
            { label: 'Source', width: 1 },
            { label: 'First exported values', width: 2.4 },
            { label: 'Note on', width: 1.6 },
          ],
          rows: o.rows.map((r) => ({
            cells: [
              String(r.line),
              clip(r.sourceKey ?? '', 40),
              clip(o.columns.map((c) => r.cells[c]).filter((v) => v?.trim()).slice(0, 4).join(' · '), 160),
              r.note?.on ? `${r.note.on.label} ${r.note.on.sourceKey}` : clip(`no note: ${r.reason ?? r.status}`, 160),
            ],
          })),
          emptyText: 'The export held no rows.',
        },
      ]),
    ],
  };
}
