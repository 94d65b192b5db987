import type { AuditRow, FieldDiff, Reconciliation, RollbackReport, RunHeader, SampleDiff } from '../../../src/reports/run/index.ts';

/** Realistic run-report inputs: a Soffront export of a German customer into Freshsales, with unicode and long values. */

export const header = (over: Partial<RunHeader> = {}): RunHeader => ({
  runId: 'run_7QmV2kXc',
  scopeName: 'Müller & Söhne GmbH',
  scopeVersion: 3,
  mode: 'full',
  source: 'Soffront export files (4 files)',
  destination: 'https://muller-soehne.myfreshworks.com/crm/sales',
  startedAt: '2026-05-01T08:00:00.000Z',
  finishedAt: '2026-05-01T09:42:10.000Z',
  generatedAt: '2026-05-01T09:43:00.000Z',
  status: 'completed',
  ...over,
});

/** 600 characters of note text whose only difference between expected and actual is near the end. */
export const LONG_NOTE = `Kunde seit 1998; Ansprechpartner wechselt häufig. ${'Rahmenvertrag über Wartung und Ersatzteile, jährlich verlängert. '.repeat(9)}`.slice(0, 590) + ' ENDE-A';
export const LONG_NOTE_ACTUAL = LONG_NOTE.replace('ENDE-A', 'ENDE-B');

const field = (f: Partial<FieldDiff> & Pick<FieldDiff, 'field' | 'label' | 'expected'>): FieldDiff => ({
  column: f.label,
  source: f.expected,
  actual: f.expected,
  match: true,
  ...f,
});

export function sampleDiff(): SampleDiff {
  const records: SampleDiff['records'] = [
    {
      object: 'contact',
      entity: 'contacts',
      sourceKey: 'C-10001',
      file: 'Kontakte.csv',
      line: 2,
      destinationId: '70001',
      fields: [
        field({ field: 'first_name', label: 'First name', column: 'Vorname', expected: 'Zoë' }),
        field({ field: 'last_name', label: 'Last name', column: 'Nachname', expected: 'Ångström-Weiß' }),
        field({ field: 'emails', label: 'Email', column: 'E-Mail', source: ' ZOE@Example.DE ', expected: 'zoe@example.de' }),
        field({ field: 'mobile_number', label: 'Mobile', column: 'Handy', source: '0171 2345678', expected: '+49 171 2345678', actual: '+491712345678', match: false }),
        field({ field: 'cf_notes', label: 'Notes', column: 'Notizen', source: LONG_NOTE, expected: LONG_NOTE, actual: LONG_NOTE_ACTUAL, match: false }),
        field({ field: 'cf_ferry_source_id', label: 'Ferry source id', column: null, source: null, expected: 'contact:C-10001' }),
      ],
    },
    {
      object: 'contact',
      entity: 'contacts',
      sourceKey: 'C-10002',
      file: 'Kontakte.csv',
      line: 3,
      destinationId: '70002',
      fields: [
        field({ field: 'first_name', label: 'First name', column: 'Vorname', expected: 'Анастасия' }),
        field({ field: 'last_name', label: 'Last name', column: 'Nachname', expected: 'Παπαδοπούλου' }),
        field({ field: 'emails', label: 'Email', column: 'E-Mail', expected: '' }),
        field({ field: 'cf_tags', label: 'Tags', column: 'Schlagworte', source: 'VIP|Messe 2024', expected: ['VIP', 'Messe 2024'] }),
      ],
    },
    {
      object: 'company',
      entity: 'sales_accounts',
      sourceKey: 'F-204',
      file: 'Firmen.csv',
      line: 7,
      destinationId: null,
      fields: [field({ field: 'name', label: 'Name', column: 'Firma', expected: 'Bäckerei Schmitz KG', actual: null, match: false })],
    },
  ];
  const fields = records.reduce((n, r) => n + r.fields.length, 0);
  const mismatches = records.reduce((n, r) => n + r.fields.filter((f) => !f.match).length, 0);
  return { header: header({ mode: 'sample' }), records, summary: { records: records.length, fields, mismatches } };
}

export const QUARANTINED = 130;

export function reconciliation(over: Partial<Reconciliation> = {}): Reconciliation {
  const quarantine: Reconciliation['quarantine'] = Array.from({ length: QUARANTINED }, (_, i) =>
    i % 3 === 2
      ? { object: 'deal', file: 'Verkaufschancen.csv', line: 1000 + i, sourceKey: `V-${5000 + i}`, column: 'Betrag', reason: `Betrag "12.34.${i}" is not an amount in the de-DE format (1.234,56)` }
      : { object: 'contact', file: 'Kontakte.csv', line: 10 + i, sourceKey: i % 7 === 0 ? null : `C-${20000 + i}`, column: 'E-Mail', reason: `E-Mail "müller${i}@" is not an address` },
  );
  const deals = quarantine.filter((q) => q.object === 'deal').length;
  const contacts = QUARANTINED - deals;
  return {
    header: header(),
    ok: true,
    objects: [
      { object: 'company', entity: 'sales_accounts', sourceRows: 3412, quarantined: 0, merged: 12, created: 3300, updated: 100, skipped: 0, conflicts: 0, readBack: 3400, missing: 0, hashMatched: 3400, hashMismatched: 0, ok: true },
      { object: 'contact', entity: 'contacts', sourceRows: 48210, quarantined: contacts, merged: 310, created: 47000, updated: 900 - contacts, skipped: 0, conflicts: 0, readBack: 47900 - contacts, missing: 0, hashMatched: 47900 - contacts, hashMismatched: 0, ok: true },
      { object: 'deal', entity: 'deals', sourceRows: 905, quarantined: deals, merged: 0, created: 905 - deals, updated: 0, skipped: 0, conflicts: 0, readBack: 905 - deals, missing: 0, hashMatched: 905 - deals, hashMismatched: 0, ok: true },
    ],
    quarantine,
    mismatches: [],
    conflicts: [],
    ...over,
  };
}

export const rollback = (over: Partial<RollbackReport> = {}): RollbackReport => ({
  header: header({ status: 'rolled_back' }),
  ok: true,
  deleted: 51205,
  restored: 1000,
  gone: 3,
  conflicts: 0,
  failed: 0,
  problems: [],
  ...over,
});

export const auditRows = (): AuditRow[] => [
  { seq: 1, at: '2026-05-01T08:10:00.000Z', object: 'company', entity: 'sales_accounts', sourceKey: 'F-1', destinationId: '9001', op: 'created', batchKey: 'company:0001', before: null, undo: null, undoNote: null, undoneAt: null },
  {
    seq: 2,
    at: '2026-05-01T08:10:01.000Z',
    object: 'contact',
    entity: 'contacts',
    sourceKey: 'C-1',
    destinationId: '70001',
    op: 'updated',
    batchKey: 'contact:0001',
    before: JSON.stringify({ first_name: 'Zoë', job_title: '=HYPERLINK("http://evil.example","Klick")', notes: 'Zeile 1\nZeile 2, mit "Anführung"' }),
    undo: 'restored',
    undoNote: '-changed by owner, restored anyway',
    undoneAt: '2026-05-02T07:00:00.000Z',
  },
];
