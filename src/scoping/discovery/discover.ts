import { z } from 'zod';
import type { SourcePlatform } from '../../../rules/schema/platform.ts';
import { SOURCE_FIELD_TYPES } from '../../../rules/schema/platform.ts';
import { issueList } from '../../../rules/validate.ts';
import { type MultipartPart, readTable, UploadError, type TableMeta, type TableRecord, type UploadLimits } from '../upload/index.ts';
import { parseWorkflows, type SourceWorkflow } from '../workflows/parse.ts';
import type { InventoryColumn, InventoryFile } from './inventory.ts';
import { createColumnProfiler, profileHints, type ColumnProfile } from './profile/index.ts';
import { matchColumn, recogniseFile } from './recognise/index.ts';

/** An export file read and profiled, before anyone decided which object it holds. */
export interface ProfiledFile {
  meta: TableMeta;
  rows: number;
  bytes: number;
  columns: { header: string; profile: ColumnProfile }[];
}

/** A list of source fields typed by hand, for objects the customer cannot export yet. */
export const FieldDescription = z.strictObject({
  objects: z
    .array(
      z.strictObject({
        object: z.string().min(1),
        rows: z.number().int().nonnegative().optional(),
        fields: z
          .array(z.strictObject({ name: z.string().trim().min(1), type: z.enum(SOURCE_FIELD_TYPES).optional(), choices: z.array(z.string().min(1)).max(300).optional() }))
          .min(1),
      }),
    )
    .min(1),
});
export type FieldDescription = z.infer<typeof FieldDescription>;

export const ObjectOverrides = z.record(z.string().min(1), z.string().min(1));

export interface DiscoveryUpload {
  files: ProfiledFile[];
  description?: FieldDescription;
  workflows: { file: string; items: SourceWorkflow[] }[];
  overrides: Record<string, string>;
}

/** Workflow files are small; this many rows is far beyond any real automation list. */
const MAX_WORKFLOW_ROWS = 5000;

/** Profiles one export file as it streams past: bounded memory, nothing of the rows kept but each column's profile. */
export async function profileFile(platform: SourcePlatform, part: { name: string; contentType?: string; body: AsyncIterable<Uint8Array> }, limits: UploadLimits): Promise<ProfiledFile> {
  const hints = profileHints(platform);
  const profilers = new Map<string, ReturnType<typeof createColumnProfiler>>();
  let rows = 0;
  const summary = await readTable(part, limits, {
    start: (meta) => meta.headers.forEach((h) => profilers.set(h, createColumnProfiler(h, hints))),
    row: (record) => {
      rows++;
      for (const [h, p] of profilers) p.add(record[h]);
      // JSON records may bring keys the first records lacked; earlier rows count as empty for them.
      for (const key of Object.keys(record))
        if (!profilers.has(key)) {
          const p = createColumnProfiler(key, hints);
          for (let i = 1; i < rows; i++) p.add(undefined);
          p.add(record[key]);
          profilers.set(key, p);
        }
    },
  });
  return { meta: summary.meta, rows: summary.rows, bytes: summary.bytes, columns: [...profilers].map(([header, p]) => ({ header, profile: p.finish() })) };
}

/** Reads a workflow file (CSV or JSON) into workflows, naming file, line and field of anything missing. */
async function readWorkflowFile(part: { name: string; contentType?: string; body: AsyncIterable<Uint8Array> }, limits: UploadLimits) {
  const rows: { record: TableRecord; line: number }[] = [];
  let headers: string[] = [];
  await readTable(part, { ...limits, maxRows: MAX_WORKFLOW_ROWS }, {
    start: (meta) => (headers = meta.headers),
    row: (record, line) => rows.push({ record, line }),
  });
  const all = [...new Set([...headers, ...rows.flatMap((r) => Object.keys(r.record))])];
  return { file: part.name, items: parseWorkflows(part.name, all, rows) };
}

const jsonField = async <T>(part: MultipartPart, schema: z.ZodType<T>): Promise<T> => {
  const chunks: Uint8Array[] = [];
  for await (const c of part.body) chunks.push(c);
  const text = new TextDecoder().decode(await new Blob(chunks as BlobPart[]).arrayBuffer());
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UploadError('BAD_UPLOAD', [{ file: part.fileName ?? part.name, reason: `"${part.name}" is not valid JSON: ${(e as Error).message}` }]);
  }
  const r = schema.safeParse(raw);
  if (!r.success)
    throw new UploadError('BAD_UPLOAD', issueList(r.error.issues).map((i) => ({ file: part.fileName ?? part.name, column: i.path, reason: i.message })));
  return r.data;
};

/**
 * Reads every part of a discovery upload: export files (profiled), an optional field description (`fields`), workflow
 * definitions (`workflows`) and object overrides (`objects`: {"file name": "object"}). Throws on the first bad part, so
 * the caller stores nothing from a failed upload.
 */
export async function readDiscoveryUpload(platform: SourcePlatform, parts: AsyncIterable<MultipartPart>, limits: UploadLimits): Promise<DiscoveryUpload> {
  const out: DiscoveryUpload = { files: [], workflows: [], overrides: {} };
  const names = new Set<string>();
  for await (const part of parts) {
    if (part.name === 'objects') out.overrides = { ...out.overrides, ...(await jsonField(part, ObjectOverrides)) };
    else if (part.name === 'fields') out.description = await jsonField(part, FieldDescription);
    else if (part.fileName === undefined)
      throw new UploadError('BAD_UPLOAD', [{ reason: `unexpected form field "${part.name}"; send export files, and optionally "fields", "workflows" and "objects"` }]);
    else {
      if (names.has(part.fileName)) throw new UploadError('BAD_UPLOAD', [{ file: part.fileName, reason: 'the same file name was sent twice' }]);
      names.add(part.fileName);
      const file = { name: part.fileName, contentType: part.contentType, body: part.body };
      if (part.name === 'workflows') out.workflows.push(await readWorkflowFile(file, limits));
      else out.files.push(await profileFile(platform, file, limits));
    }
  }
  if (!out.files.length && !out.description && !out.workflows.length)
    throw new UploadError('BAD_UPLOAD', [{ reason: 'nothing to discover: send at least one export file, a "fields" description or a "workflows" file' }]);
  return out;
}

const columnsFor = (platform: SourcePlatform, object: string, columns: { header: string; profile: ColumnProfile }[]): InventoryColumn[] =>
  columns.map((c) => {
    const m = matchColumn(platform, object, c.header);
    return { header: c.header, field: m.field, how: m.how, profile: c.profile };
  });

/** Decides which object each profiled file holds (recognised, or as overridden) and matches its columns to platform fields. */
export function inventoryFile(platform: SourcePlatform, file: ProfiledFile, override: string | undefined): InventoryFile {
  const guesses = recogniseFile(platform, file.meta.file, file.meta.headers);
  const best = guesses[0]!;
  const object = override ?? best.object;
  return {
    name: file.meta.file,
    kind: 'export',
    format: file.meta.format,
    encoding: file.meta.encoding,
    ...(file.meta.delimiter ? { delimiter: file.meta.delimiter } : {}),
    bom: file.meta.bom,
    lineEnding: file.meta.lineEnding,
    rows: file.rows,
    bytes: file.bytes,
    object,
    recognition: {
      confidence: override ? 1 : best.confidence,
      reason: override ? `set by the engineer (Ferry's guess was ${best.object}, ${Math.round(best.confidence * 100)}%)` : best.reason,
      overridden: !!override,
      alternatives: guesses.slice(1, 4).map((g) => ({ object: g.object, confidence: g.confidence })),
    },
    columns: columnsFor(platform, object, file.columns),
  };
}

/** A declared object as inventory: types from the description or the platform's field, no row evidence. */
export function describedFile(platform: SourcePlatform, d: FieldDescription['objects'][number]): InventoryFile {
  const known = platform.objects.find((o) => o.id === d.object)!;
  return {
    name: `fields:${d.object}`,
    kind: 'field_description',
    format: 'description',
    rows: d.rows ?? 0,
    bytes: 0,
    object: d.object,
    recognition: { confidence: 1, reason: 'declared in the field description', overridden: true, alternatives: [] },
    columns: d.fields.map((f) => {
      const m = matchColumn(platform, d.object, f.name);
      const type = f.type ?? known.fields.find((x) => x.id === m.field)?.type ?? 'text';
      const choices = f.choices ?? known.fields.find((x) => x.id === m.field)?.choices;
      return {
        header: f.name,
        field: m.field,
        how: 'declared' as const,
        profile: {
          type,
          confidence: 1,
          evidence: 'declared in the field description',
          filled: 0,
          total: 0,
          fillRate: 0,
          distinct: choices?.length ?? 0,
          distinctCapped: false,
          samples: [],
          maxLength: 0,
          unique: false,
          ...(choices ? { choices: choices.map((value) => ({ value, count: 0 })) } : {}),
        },
      };
    }),
  };
}
