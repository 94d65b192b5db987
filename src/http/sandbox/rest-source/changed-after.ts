import type { SourcePlatform } from '../../../../rules/schema/platform.ts';
import { instantOf, readDate } from '../../../runner/transform/date-value.ts';

/**
 * Whether a record's cursor cell is after `since` (epoch ms). Cells are read by the platform's export date formats in
 * its time zone, as the export writes them. A missing or unreadable cell counts as changed: the emulator never hides
 * a record it cannot place in time.
 */
export function changedAfter(platform: SourcePlatform, cell: string | string[] | undefined, since: number): boolean {
  if (typeof cell !== 'string') return true;
  const { dateFormats, timeZone } = platform.channels.export;
  for (const pattern of [...dateFormats, 'YYYY-MM-DDTHH:mm:ssZ', 'YYYY-MM-DDTHH:mm:ss.SSSZ']) {
    const reading = readDate(cell.trim(), pattern);
    if (reading) return instantOf(reading, timeZone).epochMs > since;
  }
  return true;
}
