import { describe, expect, it } from 'vitest';
import { dedupeByEmail } from '../../../src/runner/transform/index.ts';

const row = (line: number, email?: string, cursor?: string) => ({
  position: { file: 'Contacts.csv', line },
  record: { ...(email ? { email } : {}), ...(cursor ? { cursor } : {}) },
});

describe('dedupe by email', () => {
  it('keeps the row with the newest cursor and merges the others into it', () => {
    const a = row(7, 'maria.g@pacificpumps.example', '2024-01-11T21:55:00.000Z');
    const b = row(8, 'maria.g@pacificpumps.example', '2022-05-02T17:00:00.000Z');
    const c = row(9, 'other@x.example');
    const { keep, merged } = dedupeByEmail([a, b, c]);
    expect(keep).toEqual([a, c]);
    expect(merged).toEqual([{ row: b, into: a, reason: 'duplicate of Contacts.csv line 7 (same email maria.g@pacificpumps.example)' }]);
  });

  it('without cursors (or with equal ones) keeps the later line', () => {
    const rows = [row(2, 'a@x.example'), row(5, 'a@x.example'), row(11, 'a@x.example')];
    const { keep, merged } = dedupeByEmail(rows);
    expect(keep).toEqual([rows[2]]);
    expect(merged.map((m) => [m.row.position.line, m.into.position.line])).toEqual([
      [2, 11],
      [5, 11],
    ]);
    const tied = [row(3, 'b@x.example', '2024-01-01T00:00:00.000Z'), row(4, 'b@x.example', '2024-01-01T00:00:00.000Z')];
    expect(dedupeByEmail(tied).keep).toEqual([tied[1]]);
  });

  it('prefers a row with a cursor over one without, and never merges rows without an email', () => {
    const dated = row(1, 'c@x.example', '2020-01-01T00:00:00.000Z');
    const undated = row(2, 'c@x.example');
    const loose = [row(3), row(4)];
    const { keep, merged } = dedupeByEmail([dated, undated, ...loose]);
    expect(keep).toEqual([dated, ...loose]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.into).toBe(dated);
  });
});
