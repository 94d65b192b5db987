import type { SourcePlatform } from '../../../../rules/schema/platform.ts';
import { matchColumn } from '../../../scoping/discovery/recognise/match-column.ts';

/**
 * Export header → API field for one object's export columns. A REST record names its fields by the platform's field
 * ids, and an export by headers; both are matched the way discovery recognises columns (ids, labels, header aliases).
 * A header no field claims (an instance's custom column), or one whose field an earlier header already took, keeps its
 * own name: the API carries custom fields under their own names. The emulator and the source share this one rule.
 */
export function apiFieldsOf(platform: SourcePlatform, object: string, headers: readonly string[]): Map<string, string> {
  const taken = new Set<string>();
  const byHeader = new Map<string, string>();
  for (const header of headers) {
    const field = matchColumn(platform, object, header).field;
    const api = field !== null && !taken.has(field) ? field : header;
    taken.add(api);
    byHeader.set(header, api);
  }
  return byHeader;
}
