import { z } from 'zod';

/** Lower-case ids with dashes or underscores: stable keys that appear in URLs, files and the database. */
export const Id = z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'ids are lower-case letters, digits, "-" or "_"');

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export const Severity = z.enum(SEVERITIES);

/** A known problem with a platform or a pair, written in Ferry's own words. */
export const Gotcha = z.strictObject({
  id: Id,
  title: z.string().min(3),
  severity: Severity,
  explanation: z.string().min(20),
  mitigation: z.string().min(10),
});
export type Gotcha = z.infer<typeof Gotcha>;

export const DayRange = z
  .strictObject({ min: z.number().nonnegative(), max: z.number().nonnegative() })
  .refine((r) => r.min <= r.max, { message: 'min must not exceed max' });
