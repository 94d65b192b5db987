import type { InventoryFile, InventoryObject } from './inventory.ts';

/**
 * The field inventory per source object over every file that holds it. A column found in several files keeps the
 * profile from the file with the most rows and lists every file it came from.
 */
export function mergeInventory(files: InventoryFile[]): InventoryObject[] {
  const objects = new Map<string, InventoryObject>();
  for (const file of files) {
    const o = objects.get(file.object) ?? { object: file.object, files: [], rows: 0, columns: [] };
    o.files.push(file.name);
    o.rows += file.rows;
    for (const c of file.columns) {
      const existing = o.columns.find((x) => x.header === c.header);
      if (!existing) o.columns.push({ ...c, files: [file.name] });
      else {
        existing.files.push(file.name);
        if (c.profile.total > existing.profile.total) Object.assign(existing, { ...c, files: existing.files });
      }
    }
    objects.set(file.object, o);
  }
  return [...objects.values()];
}
