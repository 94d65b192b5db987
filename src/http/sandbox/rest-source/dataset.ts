import type { SourcePlatform } from '../../../../rules/schema/platform.ts';
import { apiFieldsOf } from '../../../runner/sources/rest/fields.ts';
import { EXPORT_READ_LIMITS } from '../../../runner/sources/exports/read-limits.ts';
import { readTable, type TableMeta } from '../../../scoping/upload/index.ts';

/** A record as the emulated API serves it: field ids (or a custom column's own name) → text or list. */
export type EmulatedRecord = Record<string, string | string[]>;

/** The records of each platform object, in export order. */
export type Dataset = Map<string, EmulatedRecord[]>;

export interface DatasetFile {
  name: string;
  body: ReadableStream<Uint8Array>;
}

/** The object an export file holds, by the platform's known export file names (case-insensitive). */
export function objectOfFile(platform: SourcePlatform, name: string): string | null {
  const lower = name.toLowerCase();
  return platform.channels.export.files.find((f) => f.names.some((n) => n.toLowerCase() === lower))?.object ?? null;
}

/**
 * Loads export files (in the platform's export layout) as the API's records, read by the scoping reader. A file the
 * platform does not name is refused, so a dataset never silently lacks an object.
 */
export async function loadDataset(platform: SourcePlatform, files: DatasetFile[]): Promise<Dataset> {
  const dataset: Dataset = new Map();
  for (const file of files) {
    const object = objectOfFile(platform, file.name);
    if (object === null) {
      await file.body.cancel();
      throw new Error(`${file.name}: not one of ${platform.id}'s export files (${platform.channels.export.files.flatMap((f) => f.names).join(', ')})`);
    }
    const records = dataset.get(object) ?? [];
    dataset.set(object, records);
    let meta: TableMeta;
    let fields = new Map<string, string>();
    await readTable({ name: file.name, body: file.body }, EXPORT_READ_LIMITS, {
      start: (m) => void (meta = m),
      row(record) {
        const out: EmulatedRecord = {};
        for (const [header, value] of Object.entries(record)) {
          // JSON exports reveal their keys as they go: match again when a new one shows up.
          if (!fields.has(header)) fields = apiFieldsOf(platform, object, meta.headers);
          out[fields.get(header) ?? header] = value;
        }
        records.push(out);
      },
    });
  }
  return dataset;
}
