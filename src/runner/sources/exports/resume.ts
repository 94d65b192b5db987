import { z } from 'zod';
import type { Json } from '../../protocol.ts';
import { ExportFileError } from './export-file-error.ts';

/** A checkpoint of one export file: every row starting at or before `line` has been emitted, `rows` of them. */
export const exportStateSchema = z.strictObject({ line: z.int().positive(), rows: z.int().positive() });
export type ExportState = z.infer<typeof exportStateSchema>;

export function parseExportState(file: string, state: Json | null): ExportState | null {
  if (state === null) return null;
  const parsed = exportStateSchema.safeParse(state);
  if (!parsed.success)
    throw new ExportFileError({ file, reason: `the resume state is not a checkpoint of this file (${z.prettifyError(parsed.error)})` });
  return parsed.data;
}

/**
 * Skips the rows a checkpoint says were emitted. The file is re-parsed from its start (CSV quoting makes byte offsets
 * unsafe to seek to), so the count of skipped rows also tells whether the file changed under the checkpoint.
 */
export class ResumePoint {
  private skipped = 0;
  private passed: boolean;

  constructor(
    private readonly file: string,
    readonly state: ExportState | null,
  ) {
    this.passed = state === null;
  }

  /** True for a row the checkpointed read already emitted. */
  skips(line: number): boolean {
    if (this.passed) return false;
    if (line <= this.state!.line) {
      this.skipped++;
      return true;
    }
    this.verify();
    return false;
  }

  /** At the end of the file: the checkpoint must have been reached. */
  finish(): void {
    if (!this.passed) this.verify();
  }

  private verify(): void {
    const { line, rows } = this.state!;
    this.passed = true;
    if (this.skipped !== rows)
      throw new ExportFileError({
        file: this.file,
        line,
        reason: `the file changed since the checkpoint: ${rows} rows ended by this line then, ${this.skipped} now; read it again from the start`,
      });
  }
}
