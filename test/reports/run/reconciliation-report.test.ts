import { describe, expect, it } from 'vitest';
import { reconciliationProblems, reconciliationReport } from '../../../src/reports/run/index.ts';
import { LONG_NOTE, LONG_NOTE_ACTUAL, QUARANTINED, header, reconciliation } from './fixtures.ts';
import { blocksOf, rendered } from './render.ts';

const squash = (s: string) => s.replace(/\s+/g, '');

/** A delta run that is not green: records missing and differing on read-back, and conflicts to decide. */
function troubled() {
  const rec = reconciliation({ ok: false, header: header({ mode: 'delta' }) });
  const contact = rec.objects[1];
  Object.assign(contact, { readBack: contact.readBack - 3, missing: 3, hashMatched: contact.hashMatched - 5, hashMismatched: 2, ok: false });
  rec.objects[2] = { ...rec.objects[2], created: rec.objects[2].created - 4, conflicts: 4, readBack: rec.objects[2].readBack - 4, hashMatched: rec.objects[2].hashMatched - 4, ok: false };
  rec.mismatches = [
    {
      object: 'contact',
      sourceKey: 'C-20500',
      destinationId: '71234',
      fields: [
        { field: 'cf_notes', label: 'Notes', column: 'Notizen', source: LONG_NOTE, expected: LONG_NOTE, actual: LONG_NOTE_ACTUAL, match: false },
        { field: 'first_name', label: 'First name', column: 'Vorname', source: 'Zoë', expected: 'Zoë', actual: 'Zoë', match: true },
      ],
    },
    { object: 'contact', sourceKey: 'C-20501', destinationId: '71235', fields: [{ field: 'job_title', label: 'Job title', column: 'Position', source: 'Geschäftsführerin', expected: 'Geschäftsführerin', actual: 'Geschaftsfuhrerin', match: false }] },
  ];
  rec.conflicts = Array.from({ length: 4 }, (_, i) => ({ object: 'deal', sourceKey: `V-90${i}`, destinationId: `8800${i}`, reason: `Stage changed in Freshsales on 2026-06-0${i + 1} after go-live; source changed too` }));
  return rec;
}

describe('reconciliationReport', () => {
  it('is all green when every row is accounted for and read back, with a chart per object', () => {
    const doc = reconciliationReport(reconciliation());
    expect(blocksOf(doc, 'callout')).toEqual([expect.objectContaining({ title: 'All green', tone: 'success' })]);
    expect(blocksOf(doc, 'callout')[0].text).toContain('52,527 source rows is accounted for');
    expect(blocksOf(doc, 'barChart').map((c) => [c.caption, c.groups[0].values])).toEqual([
      ['company → Freshsales sales_accounts', [3412, 3400, 3400, 0]],
      ['contact → Freshsales contacts', [48210, 47813, 47813, 87]],
      ['deal → Freshsales deals', [905, 862, 862, 43]],
    ]);
    const every = blocksOf(doc, 'table').find((t) => t.caption === 'Every quarantined row')!;
    expect(every.rows).toHaveLength(QUARANTINED);
    // Sorted by file, then line.
    expect(every.rows[0].cells.slice(0, 2)).toEqual(['Kontakte.csv', '10']);
    expect(every.rows.at(-1)!.cells.slice(0, 2)).toEqual(['Verkaufschancen.csv', '1128']);
  });

  it('says what is not green, checking the counts as well as the flags', () => {
    expect(reconciliationProblems(troubled())).toEqual([
      'contact: 3 written records were not found on read-back.',
      'contact: 2 records read back with different values.',
      'deal: 4 conflicts need a decision.',
    ]);
    // The run's flags say ok, but the counts do not add up: still not green.
    const rec = reconciliation();
    rec.objects[0].created -= 5;
    rec.quarantine = rec.quarantine.slice(1);
    expect(reconciliationProblems(rec)).toEqual(['company: 5 source rows are not accounted for.', 'contact: 87 counted as quarantined but 86 listed.']);
    const doc = reconciliationReport(rec);
    expect(blocksOf(doc, 'callout')[0]).toMatchObject({ title: 'Not all green', tone: 'warning' });
    expect(blocksOf(doc, 'bullets')[0].items).toHaveLength(2);
    // Failed by the run with no finding of ours: the verdict still says so.
    expect(reconciliationProblems(reconciliation({ objects: [{ ...reconciliation().objects[0], ok: false }], quarantine: [] }))).toEqual(['company: marked as failed by the run.']);
  });

  it('renders every object, count and quarantined row to a PDF of sensible length', async () => {
    const rec = reconciliation();
    const { text, raw, pages } = await rendered(reconciliationReport(rec));
    for (const s of ['Reconciliation', 'All green', 'company', 'contact', 'deal', 'sales_accounts', '52,527', '48,210', '47,813', '3,412', 'Quarantined rows (130)', 'Every quarantined row'])
      expect(text).toContain(s);
    // A quarantined row's file, line, key, column and reason on one line of the table.
    expect(text).toMatch(/Verkaufschancen\.csv\s+1002\s+deal\s+V-5002\s+Betrag\s+Betrag "12\.34\.2" is not an amount/);
    expect(text).toMatch(/Kontakte\.csv\s+10\s+contact\s+—\s+E-Mail\s+E-Mail "müller0@" is not an address/);
    // Nothing is lost: every one of the 130 rows is in the PDF (compared without spaces: a cell wraps at "de-DE").
    const flat = squash(raw);
    for (const q of rec.quarantine) expect(flat).toContain(squash(`${q.file} ${q.line} ${q.object} ${q.sourceKey ?? '—'} ${q.column} ${q.reason}`));
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(9);
  });

  it('lists every warning of a loaded row by file and line, and says none when there are none', async () => {
    const warnings = [
      { object: 'deal', file: 'Verkaufschancen.csv', line: 1007, sourceKey: 'V-5007', column: 'Kontakt', value: 'C-90001', reason: 'column Kontakt: no contact row in the export has Kontakt-ID "C-90001", so this record was loaded without that link' },
      { object: 'contact', file: 'Kontakte.csv', line: 44, sourceKey: 'C-20044', column: 'Mobil', value: '+49 170 1234567', reason: "column Mobil: mobile number '+49 170 1234567' is already on contact C-20012" },
    ];
    const doc = reconciliationReport(reconciliation({ warnings }));
    expect(blocksOf(doc, 'callout')[0].text).toContain('2 warnings on loaded rows are listed below.');
    const table = blocksOf(doc, 'table').find((t) => t.caption === 'Every warning')!;
    expect(table.rows.map((r) => r.cells.slice(0, 5))).toEqual([
      ['Kontakte.csv', '44', 'contact', 'Mobil', '+49 170 1234567'],
      ['Verkaufschancen.csv', '1007', 'deal', 'Kontakt', 'C-90001'],
    ]);
    const { text } = await rendered(doc);
    expect(squash(text)).toContain(squash('Loaded with a warning (2)'));
    const none = reconciliationReport(reconciliation());
    expect(blocksOf(none, 'heading').map((h) => h.text)).toContain('Loaded with a warning (0)');
    expect(blocksOf(none, 'table').find((t) => t.emptyText?.startsWith('None: every loaded row'))).toBeDefined();
  });

  it('renders what is not green: findings, differing values around their difference, and delta conflicts', async () => {
    const { raw } = await rendered(reconciliationReport(troubled()));
    const text = squash(raw);
    for (const s of [
      'Not all green', '3 findings need attention before sign-off.', 'contact: 3 written records were not found on read-back.', 'deal: 4 conflicts need a decision.',
      'Values that differ on read-back', 'C-20501', '71235', 'Geschäftsführerin', 'Geschaftsfuhrerin', 'ENDE-A', 'ENDE-B',
      'Delta conflicts', 'V-903', '88003', 'Stage changed in Freshsales on 2026-06-04 after go-live; source changed too',
    ]) expect(text).toContain(squash(s));
    // The matching field of a mismatched record is not listed as a difference.
    expect(text).not.toContain('C-2050071234Firstname');
  });
});
