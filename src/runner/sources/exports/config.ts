import { z } from 'zod';

/** A folder of customer export files on the runner's machine. */
export const exportsConfigSchema = z.strictObject({
  kind: z.literal('exports'),
  dir: z.string().trim().min(1, 'the export directory is required'),
});

export type ExportsConfig = z.infer<typeof exportsConfigSchema>;
