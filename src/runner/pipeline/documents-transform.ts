import { and, eq } from 'drizzle-orm';
import { runRows } from '../../../db/schema/index.ts';
import type { FieldMapping, ObjectMapping } from '../../scoping/mapping/document.ts';
import type { SourcePosition, SourceRow } from '../protocol.ts';
import { quote, readCell } from '../transform/cells.ts';
import { idColumn } from '../transform/identity.ts';
import { compileLinks } from '../transform/links.ts';
import { PROVENANCE, type SetupProblem, type StagedRecord, type TransformResult } from '../transform/index.ts';
import type { RunnerDeps } from './deps.ts';
import { contentTypeOf } from './documents-files.ts';
import { isDocumentObject, packageOf, type DocumentPackageSpec } from './documents-kinds.ts';
import type { PlanObject } from './plan.ts';
import { RunStopped, type RunContext } from './run-context.ts';
import { readCheckpoint, writeCheckpoint } from './run-store.ts';
import { stageRows } from './stage-rows.ts';
import { rowKey } from './staging.ts';

/** An attachment as staged: what to look for beside the export, and what the export says about it. */
export interface StagedDocument {
  fileName: string;
  /** The export's own size column, in bytes, when it has one. */
  declaredSize?: number;
  contentType: string;
  /** The row's file column (a path or a link), when one is mapped. */
  path?: string;
  shared: boolean;
  /** Set at load: the bytes actually uploaded. */
  uploadedSize?: number;
}

/** A knowledge-base article as staged: kept as the export holds it. */
export interface StagedArticle {
  title: string;
  categories: string[];
  /** Literally as exported (rich text stays HTML). */
  body: string;
  details: { label: string; value: string }[];
}

interface CompiledDocuments {
  problems: SetupProblem[];
  transform(row: SourceRow, position: SourcePosition): TransformResult;
}

const SIZE = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(b|bytes?|kb|kib|mb|mib|gb|gib)?$/i;
const UNIT: Record<string, number> = { b: 1, byte: 1, bytes: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3 };

/** "1,234", "1234 bytes", "2.5 MB" → bytes; null for anything else. */
export function readSize(text: string): number | null {
  const m = SIZE.exec(text.trim());
  if (!m) return null;
  const value = Number(`${m[1]!.replace(/,/g, '')}.${m[2] ?? '0'}`);
  return Math.round(value * UNIT[(m[3] ?? 'b').toLowerCase()]!);
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'shared', 'public', 'everyone', 'team']);
const text = (cell: string | string[] | undefined) => (cell === undefined ? undefined : Array.isArray(cell) ? cell.join('; ') : cell);

/** The column a Freshsales document field is mapped from. */
const columnFor = (object: ObjectMapping, field: string) => object.fields.find((f) => f.target.kind === 'standard' && f.target.field === field)?.column;

/**
 * The column keying a document row: the one relationships or provenance use, else the first id column that is not
 * itself a link to another record (an attachment id, not the id of the record it hangs off).
 */
function keyColumnOf(rc: RunContext, object: ObjectMapping, linkColumns: ReadonlySet<string>): string | null {
  return idColumn(rc.mapping, object) ?? object.fields.find((f) => f.sourceType === 'id' && !linkColumns.has(f.column))?.column ?? null;
}

function compileUpload(rc: RunContext, p: PlanObject, object: ObjectMapping, links: ReturnType<typeof compileLinks>, problems: SetupProblem[]): CompiledDocuments['transform'] {
  const nameColumn = columnFor(object, 'file_name');
  const pathColumn = columnFor(object, 'file');
  const sizeColumn = columnFor(object, 'file_size');
  const typeColumn = columnFor(object, 'content_type');
  const sharedColumn = columnFor(object, 'is_shared');
  if (!nameColumn && !pathColumn) problems.push({ object: p.object, column: null, field: 'file_name', message: `no column of ${p.object} is mapped to file_name (or file): without the file's name Ferry cannot find it beside the export` });
  const keyColumn = keyColumnOf(rc, object, links.fromColumns);

  return (row, position) => {
    const path = text(readCell(row[pathColumn ?? '']));
    const fileName = text(readCell(row[nameColumn ?? ''])) ?? path?.split(/[\\/]/).pop();
    if (!fileName) return { ok: false, reason: `column ${nameColumn ?? pathColumn}: empty, and a document needs the name of its file`, column: (nameColumn ?? pathColumn)! };
    const doc: StagedDocument = { fileName, contentType: text(readCell(row[typeColumn ?? ''])) ?? contentTypeOf(fileName), shared: true };
    if (path !== undefined) doc.path = path;
    const sizeCell = text(readCell(row[sizeColumn ?? '']));
    if (sizeCell !== undefined) {
      const size = readSize(sizeCell);
      if (size === null) return { ok: false, reason: `column ${sizeColumn}: value ${quote(sizeCell)} is not a file size (bytes, or a number with KB, MB or GB)`, column: sizeColumn! };
      doc.declaredSize = size;
    }
    const shared = text(readCell(row[sharedColumn ?? '']));
    if (shared !== undefined) doc.shared = TRUE.has(shared.toLowerCase());
    return { ok: true, record: staged(p, keyColumn, row, position, doc as unknown as Record<string, unknown>, links) };
  };
}

/** The column holding one field of the package (by the source platform's field id, else by header). */
function packageColumn(object: ObjectMapping, field: string): FieldMapping | undefined {
  return object.fields.find((f) => f.sourceField === field) ?? object.fields.find((f) => f.column.toLowerCase() === field.toLowerCase());
}

function compilePackage(deps: RunnerDeps, rc: RunContext, p: PlanObject, object: ObjectMapping, spec: DocumentPackageSpec, links: ReturnType<typeof compileLinks>, problems: SetupProblem[]): CompiledDocuments['transform'] {
  const title = packageColumn(object, spec.titleField) ?? object.fields.find((f) => f.target.kind === 'standard' && f.target.field === 'file_name');
  const body = packageColumn(object, spec.bodyField);
  const category = packageColumn(object, spec.categoryField);
  if (!body) problems.push({ object: p.object, column: null, field: spec.bodyField, message: `no column of ${p.object} holds the ${spec.bodyField} the ${spec.title} package is made of` });
  const keyColumn = keyColumnOf(rc, object, links.fromColumns);
  const platformFields = deps.kb.source(rc.sourcePlatform)?.objects.find((o) => o.id === object.sourceObject)?.fields ?? [];
  const labelOf = (f: FieldMapping) => platformFields.find((x) => x.id === f.sourceField)?.label ?? f.column;
  const used = new Set([title?.column, body?.column, category?.column, keyColumn ?? undefined]);
  const details = object.fields.filter((f) => !used.has(f.column));

  return (row, position) => {
    const id = keyColumn ? text(readCell(row[keyColumn])) : undefined;
    const article: StagedArticle = {
      title: text(readCell(row[title?.column ?? ''])) ?? id ?? `${position.file} line ${position.line}`,
      categories: (text(readCell(row[category?.column ?? ''])) ?? '').split(spec.categorySeparator).map((c) => c.trim()).filter(Boolean),
      // The body is the article itself: kept byte for byte, surrounding spaces and all.
      body: text(row[body?.column ?? '']) ?? '',
      details: details.flatMap((f) => {
        const value = text(readCell(row[f.column]));
        return value === undefined ? [] : [{ label: labelOf(f), value }];
      }),
    };
    return { ok: true, record: staged(p, keyColumn, row, position, article as unknown as Record<string, unknown>, links) };
  };
}

function staged(p: PlanObject, keyColumn: string | null, row: SourceRow, position: SourcePosition, data: Record<string, unknown>, links: ReturnType<typeof compileLinks>): StagedRecord {
  const id = keyColumn ? text(readCell(row[keyColumn])) : undefined;
  const sourceKey = id ?? `${position.file}:${position.line}`;
  return { sourceKey, identifier: { [PROVENANCE.sourceId]: `${p.object}:${sourceKey}` }, data, owner: null, refs: links.refs(row, position), keys: links.keys(row, position) };
}

/** One document object's row transform; problems are things only the mapping can fix. */
export function compileDocuments(deps: RunnerDeps, rc: RunContext, p: PlanObject): CompiledDocuments {
  const object = p.mapping!;
  const problems: SetupProblem[] = [];
  // A document hangs off one contact, account or deal, exactly as a note does (targetable_type and targetable_id). A
  // relationship to something a document cannot hang off is no reason to stop: rows that have no other quarantine.
  const links = compileLinks(rc.mapping, object, 'notes', p.profiles, (column, _field, message) => deps.log('warn', 'document link not usable', { object: p.object, column, message }));
  const spec = packageOf(deps.kb, rc.sourcePlatform, p);
  const transform = spec ? compilePackage(deps, rc, p, object, spec, links, problems) : compileUpload(rc, p, object, links, problems);
  return { problems, transform };
}

/**
 * Stages every document row: ready with what to upload (or to package), or quarantined naming the column. Like the
 * record transform, a row's status is written with its result, and a finished object is bookmarked.
 */
export async function transformDocuments(deps: RunnerDeps, rc: RunContext): Promise<void> {
  const { db } = deps;
  const compiled = rc.plan.filter((p) => isDocumentObject(p) && p.mapping).map((p) => ({ p, c: compileDocuments(deps, rc, p) }));
  const problems = compiled.flatMap((x) => x.c.problems);
  if (problems.length) throw new RunStopped(`the scope cannot load its files: ${problems.map((x) => x.message).join('; ')}`);
  for (const { p, c } of compiled) {
    if ((await readCheckpoint(db, rc.run.id, `transform:${p.object}`)) !== null) continue;
    await stageRows(deps, rc, p.object, (row, at) => c.transform(row, at));
    await quarantineRepeats(deps, rc, p);
    await db.batch([writeCheckpoint(db, rc.run.id, `transform:${p.object}`, true, deps.now())]);
  }
}

/** Two rows with one source id would be one ledger entry: the later is quarantined, naming the first, rather than lost. */
async function quarantineRepeats(deps: RunnerDeps, rc: RunContext, p: PlanObject) {
  const { db } = deps;
  const rows = await db.select({ file: runRows.file, line: runRows.line, sourceKey: runRows.sourceKey }).from(runRows).where(and(eq(runRows.runId, rc.run.id), eq(runRows.object, p.object), eq(runRows.status, 'ready')));
  const first = new Map<string, { file: string; line: number }>();
  const statements = [];
  for (const r of rows.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)) {
    const seen = first.get(r.sourceKey!);
    if (!seen) first.set(r.sourceKey!, r);
    else statements.push(db.update(runRows).set({ status: 'quarantined', reason: `the same id ${quote(r.sourceKey!)} as ${seen.file} line ${seen.line}; give each file its own id and run a delta` }).where(rowKey({ runId: rc.run.id, object: p.object, ...r })));
  }
  if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}
