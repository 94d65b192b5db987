import type { SourcePlatform } from '../../../../rules/schema/platform.ts';
import type { ProfileHints } from './types.ts';

/** The profiler's hints from a platform's export channel in the knowledge base. */
export function profileHints(platform: SourcePlatform): ProfileHints {
  const { dateFormats, timeZone, multiValueSeparator, amountFormat } = platform.channels.export;
  return { dateFormats, timeZone, ...(multiValueSeparator ? { multiValueSeparator } : {}), ...(amountFormat ? { amountFormat } : {}) };
}
