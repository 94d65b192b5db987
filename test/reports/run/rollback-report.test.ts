import { describe, expect, it } from 'vitest';
import { rollbackReport, RUN_REPORT_KINDS, RUN_REPORTS } from '../../../src/reports/run/index.ts';
import { rollback } from './fixtures.ts';
import { blocksOf, rendered } from './render.ts';

const squash = (s: string) => s.replace(/\s+/g, '');

describe('rollbackReport', () => {
  it('confirms a clean rollback on one page', async () => {
    const doc = rollbackReport(rollback());
    expect(blocksOf(doc, 'callout')[0]).toMatchObject({ title: 'Rolled back', tone: 'success' });
    const { text, pages } = await rendered(doc);
    for (const s of ['Rollback', 'Müller & Söhne GmbH', 'rolled back', '51,205 created records deleted', '1,000', 'None: every record the run wrote was undone.'])
      expect(squash(text)).toContain(squash(s));
    expect(pages).toBe(1);
  });

  it('lists every record it could not undo', async () => {
    const problems = [
      { object: 'contact', sourceKey: 'C-10001', destinationId: '70001', outcome: 'conflict', note: 'Edited in Freshsales by anna@müller.de on 2026-05-03 after the run; left as it is' },
      { object: 'deal', sourceKey: 'V-7', destinationId: '88007', outcome: 'failed', note: 'Freshsales answered 500 three times' },
    ];
    const doc = rollbackReport(rollback({ ok: false, conflicts: 1, failed: 1, problems }));
    expect(blocksOf(doc, 'callout')[0]).toMatchObject({ title: 'Not fully rolled back', tone: 'warning' });
    const { raw } = await rendered(doc);
    for (const p of problems) expect(squash(raw)).toContain(squash(Object.values(p).join(' ')));
    expect(squash(raw)).toContain(squash('1 record was changed in Freshsales since the run wrote them and left alone; 1 record could not be undone.'));
  });

  it('is reachable by its stored report kind', () => {
    expect(RUN_REPORT_KINDS).toEqual(['diff', 'reconciliation', 'rollback', 'catalogue', 'document_package', 'inventory']);
    expect(RUN_REPORTS.rollback(rollback()).title).toBe('Rollback');
  });
});
