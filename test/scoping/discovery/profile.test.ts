import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knowledgeBase } from '../../../rules/index.ts';
import { type ColumnProfile, createColumnProfiler, type ProfileHints, profileHints } from '../../../src/scoping/discovery/profile/index.ts';

const hintsOf = (id: string) => profileHints(knowledgeBase.source(id)!);
const kartra = hintsOf('kartra'); // naive 'YYYY-MM-DD HH:mm:ss' in America/New_York, '$1,299.00', ';'
const soffront = hintsOf('soffront'); // 'MM/DD/YYYY' listed before 'DD/MM/YYYY'
const fasttrack = hintsOf('fasttrack'); // 'DD/MM/YYYY' first, Australia/Sydney
const profi = hintsOf('profi'); // ',' separates multiple values
const german: ProfileHints = { dateFormats: ['DD.MM.YYYY'], timeZone: 'Europe/Berlin', amountFormat: '1.299,00 €' };

function profile(header: string, hints: ProfileHints, values: (string | string[] | undefined)[]): ColumnProfile {
  const p = createColumnProfiler(header, hints);
  for (const v of values) p.add(v);
  return p.finish();
}

const repeat = <T,>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

interface Case {
  name: string;
  header: string;
  hints: ProfileHints;
  values: (string | string[] | undefined)[];
  expected: Partial<ColumnProfile>;
  /** Words the evidence sentence must contain. */
  evidence?: RegExp;
}

const cases: Case[] = [
  {
    name: 'Kartra naive timestamps with N/A and zero dates as empty',
    header: 'date_joined',
    hints: kartra,
    values: ['2024-03-05 10:00:00', '2023-12-31 23:59:59', 'N/A', '0000-00-00 00:00:00', '2024-01-02 08:15:00', ''],
    expected: { type: 'datetime', format: 'YYYY-MM-DD HH:mm:ss', timeZone: 'America/New_York', filled: 3, total: 6, fillRate: 0.5, confidence: 1 },
    evidence: /3 values are date-times in YYYY-MM-DD HH:mm:ss without an offset \(read as America\/New_York/,
  },
  {
    name: 'ISO timestamps with an offset or Z',
    header: 'created_at',
    hints: fasttrack,
    values: ['2024-03-05T10:00:00+11:00', '2024-03-06T23:30:00+11:00', '2024-07-01T00:00:00Z'],
    expected: { type: 'datetime', format: 'YYYY-MM-DDTHH:mm:ssZ', timeZone: 'offset' },
    evidence: /own UTC offset/,
  },
  {
    name: 'day-first dates told apart by days above 12, against a month-first hint',
    header: 'ExpectedCloseDate',
    hints: soffront,
    values: ['31/12/2024', '05/03/2024', '15/01/2023', '01/02/2024'],
    expected: { type: 'date', format: 'DD/MM/YYYY', confidence: 1 },
    evidence: /2 values read only as DD\/MM\/YYYY, not MM\/DD\/YYYY/,
  },
  {
    name: 'ambiguous day/month dates follow the hint order',
    header: 'Close Date',
    hints: soffront,
    values: ['05/03/2024', '06/03/2024', '01/12/2023'],
    expected: { type: 'date', format: 'MM/DD/YYYY' },
    evidence: /also reads as DD\/MM\/YYYY/,
  },
  {
    name: 'ambiguous day/month dates follow a day-first hint',
    header: 'Close Date',
    hints: fasttrack,
    values: ['05/03/2024', '06/03/2024'],
    expected: { type: 'date', format: 'DD/MM/YYYY' },
  },
  {
    name: 'twelve-hour date-times with AM/PM',
    header: 'StartDate',
    hints: soffront,
    values: ['03/05/2024 02:30 PM', '12/31/2023 11:00 AM'],
    expected: { type: 'datetime', format: 'MM/DD/YYYY hh:mm A', timeZone: 'America/Los_Angeles' },
  },
  {
    name: 'month names',
    header: 'Joined',
    hints: profi,
    values: ['Mar 5, 2024', 'Dec 31, 2023', 'Feb 29, 2024'],
    expected: { type: 'date', format: 'MMM D, YYYY' },
  },
  {
    name: 'US dollar amounts',
    header: 'AnnualRevenue',
    hints: soffront,
    values: ['$1,299.00', '$49.00', '$12,000,000.50', '-$5.00', '($20.00)'],
    expected: { type: 'money', money: { currency: '$', decimal: '.', thousands: ',' }, confidence: 1 },
    evidence: /amounts in \$, with ',' thousands grouping and '\.' decimals/,
  },
  {
    name: 'euro amounts with the German hint',
    header: 'Betrag',
    hints: german,
    values: ['1.299,00 €', '49,00 €', '12.000,50 €'],
    expected: { type: 'money', money: { currency: '€', decimal: ',', thousands: '.' } },
  },
  {
    name: 'euro amounts that show both marks read right even against a dollar hint',
    header: 'Amount',
    hints: kartra,
    values: ['1.299,00 €', '2.500,50 €', '10.000,00 €'],
    expected: { type: 'money', money: { currency: '€', decimal: ',', thousands: '.' } },
  },
  {
    name: 'currency codes',
    header: 'Budget',
    hints: hintsOf('promio'),
    values: ['USD 1,200.00', 'USD 950.00', '300.00 USD'],
    expected: { type: 'money', money: { currency: 'USD', decimal: '.', thousands: ',' } },
  },
  {
    name: 'plain two-decimal numbers under an amount header',
    header: 'Total',
    hints: kartra,
    values: ['97.00', '1299.00', '49.50'],
    expected: { type: 'money', money: { decimal: '.', thousands: ',' } },
    evidence: /header 'Total' names an amount/,
  },
  {
    name: 'integers and decimals',
    header: 'Employees',
    hints: soffront,
    values: ['10', '250', '1,200', '-3', '0.5'],
    expected: { type: 'number', money: { decimal: '.', thousands: ',' } },
  },
  {
    name: 'locale numbers when the hint says so',
    header: 'Menge',
    hints: german,
    values: ['1.299,50', '12,5', '3', '1.000'],
    expected: { type: 'number', money: { decimal: ',', thousands: '.' } },
  },
  {
    name: 'percentages are numbers',
    header: 'Probability',
    hints: soffront,
    values: ['45%', '50%', '10%'],
    expected: { type: 'number' },
  },
  {
    name: 'codes with leading zeros are not numbers',
    header: 'Zip',
    hints: soffront,
    values: repeat(20, (i) => `0${2100 + i}`),
    expected: { type: 'text' },
  },
  {
    name: 'picklist choices with counts, most frequent first',
    header: 'Status',
    hints: kartra,
    values: ['Active', 'Active', 'Lost', 'Active', 'Won', 'Lost', '', 'Active'],
    expected: {
      type: 'picklist',
      choices: [{ value: 'Active', count: 4 }, { value: 'Lost', count: 2 }, { value: 'Won', count: 1 }],
      distinct: 3,
      unique: false,
    },
    evidence: /7 values take 3 distinct choices/,
  },
  {
    name: "tags separated by ';'",
    header: 'tags',
    hints: kartra,
    values: ['vip; newsletter', 'newsletter', 'vip', 'vip; webinar', 'newsletter; webinar', 'customer'],
    expected: {
      type: 'multi_value',
      separator: ';',
      choices: [{ value: 'vip', count: 3 }, { value: 'newsletter', count: 3 }, { value: 'webinar', count: 2 }, { value: 'customer', count: 1 }],
    },
    evidence: /3 of 6 values hold items separated by ';' \(4 distinct items\)/,
  },
  {
    name: "';' lists found even when the hint says ','",
    header: 'Groups',
    hints: profi,
    values: ['vip; newsletter', 'newsletter', 'vip; newsletter', 'vip'],
    expected: { type: 'multi_value', separator: ';' },
  },
  {
    name: 'JSON arrays count directly as lists',
    header: 'tags',
    hints: kartra,
    values: [['vip', 'new'], ['vip'], [], ['alpha', 'beta']],
    expected: { type: 'multi_value', filled: 3, choices: [{ value: 'vip', count: 2 }, { value: 'new', count: 1 }, { value: 'alpha', count: 1 }, { value: 'beta', count: 1 }] },
    evidence: /JSON arrays/,
  },
  {
    name: 'comma-separated addresses are text, not lists (their parts do not repeat enough)',
    header: 'Address',
    hints: profi,
    values: repeat(12, (i) => `${i + 1} ${['Main', 'Oak', 'Elm', 'Pine'][i % 4]} St, ${['Springfield', 'Shelbyville', 'Ogdenville'][i % 3]}, IL`),
    expected: { type: 'text' },
  },
  {
    name: 'spreadsheet formulas stay text, never picklist or number',
    header: 'Website',
    hints: kartra,
    values: ['=HYPERLINK("http://acme.com","Acme")', '=HYPERLINK("http://acme.com","Acme")', '=1+2', '@SUM(A1:A2)'],
    expected: { type: 'text', samples: ['=HYPERLINK("http://acme.com","Acme")', '=1+2', '@SUM(A1:A2)'] },
    evidence: /4 values look like spreadsheet formulas, kept as text/,
  },
  {
    name: 'yes/no flags',
    header: 'Opted In',
    hints: kartra,
    values: ['Yes', 'No', 'yes', 'N', 'Y'],
    expected: { type: 'boolean', confidence: 1 },
  },
  {
    name: '1/0 are flags under a flag header',
    header: 'is_active',
    hints: kartra,
    values: ['1', '0', '1', '1'],
    expected: { type: 'boolean' },
  },
  {
    name: '1/0 are numbers elsewhere',
    header: 'Quantity',
    hints: kartra,
    values: ['1', '0', '1', '1'],
    expected: { type: 'number' },
  },
  {
    name: 'checked/unchecked',
    header: 'Do Not Call',
    hints: soffront,
    values: ['Checked', 'Unchecked', 'unchecked'],
    expected: { type: 'boolean' },
  },
  {
    name: 'email addresses',
    header: 'Email',
    hints: kartra,
    values: ['ann@example.com', 'bob.smith+crm@mail.example.co.uk', 'N/A', undefined],
    expected: { type: 'email', filled: 2, total: 4, fillRate: 0.5 },
  },
  {
    name: 'web addresses',
    header: 'Website',
    hints: kartra,
    values: ['https://acme.com/about', 'http://example.org', 'www.globex.com'],
    expected: { type: 'url' },
  },
  {
    name: 'phone numbers under a phone header, plain digits included',
    header: 'Phone',
    hints: kartra,
    values: ['(555) 123-4567', '+1 555 987 6543', '5551234567', '555.123.4567 x12'],
    expected: { type: 'phone' },
  },
  {
    name: 'formatted phone numbers are found without a phone header',
    header: 'Contact number',
    hints: fasttrack,
    values: ['+61 2 9999 1234', '(02) 9876 5432', '+61 412 345 678'],
    expected: { type: 'phone' },
  },
  {
    name: 'plain digit runs without a phone header are numbers',
    header: 'Account number',
    hints: kartra,
    values: ['5551234567', '5559876543'],
    expected: { type: 'number' },
  },
  {
    name: 'a unique column named as an id',
    header: 'ContactID',
    hints: soffront,
    values: ['1001', '1002', '1003', '1004'],
    expected: { type: 'id', unique: true },
    evidence: /all 4 values are distinct and the header 'ContactID' names an id/,
  },
  {
    name: 'snake_case and spaced ids',
    header: 'Lead ID',
    hints: kartra,
    values: ['L-1', 'L-2', 'L-3'],
    expected: { type: 'id' },
  },
  {
    name: 'a repeating id column is a reference to another record',
    header: 'AccountID',
    hints: soffront,
    values: ['501', '501', '502', '503', '502'],
    expected: { type: 'reference', unique: false },
    evidence: /another record's id and 2 values repeat/,
  },
  {
    name: 'a column named as a parent is a reference even when unique',
    header: 'parent_company_id',
    hints: fasttrack,
    values: ['9', '10', '11'],
    expected: { type: 'reference' },
  },
  {
    name: "'Related To ID' is a reference",
    header: 'Related To ID',
    hints: soffront,
    values: ['C-1', 'A-7', 'C-1'],
    expected: { type: 'reference' },
  },
  {
    name: 'a bare ID header with a duplicate stays the id, with lower confidence',
    header: 'ID',
    hints: kartra,
    values: ['1', '2', '3', '3'],
    expected: { type: 'id', confidence: 0.75, unique: false },
    evidence: /1 value repeats/,
  },
  {
    name: 'UUIDs are ids whatever the header',
    header: 'Key',
    hints: kartra,
    values: ['3f2504e0-4f89-11d3-9a0c-0305e82c3301', '3f2504e0-4f89-11d3-9a0c-0305e82c3302'],
    expected: { type: 'id' },
  },
  {
    name: 'line breaks make a textarea',
    header: 'Description',
    hints: soffront,
    values: ['Called twice.\nLeft a message.', 'short note'],
    expected: { type: 'textarea' },
    evidence: /1 of 2 values have line breaks/,
  },
  {
    name: 'values past 255 characters make a textarea',
    header: 'Body',
    hints: soffront,
    values: ['x'.repeat(300), 'short'],
    expected: { type: 'textarea', maxLength: 300, samples: ['x'.repeat(80), 'short'] },
  },
  {
    name: 'no values at all',
    header: 'Fax',
    hints: kartra,
    values: ['', 'N/A', undefined, 'null', '-'],
    expected: { type: 'text', confidence: 0, filled: 0, total: 5, fillRate: 0, unique: false },
    evidence: /5 values, all empty/,
  },
  {
    name: "the platform's own empty markers",
    header: 'Country',
    hints: { ...kartra, emptyMarkers: ['(none)'] },
    values: ['(none)', 'US', '(None)'],
    expected: { filled: 1, total: 3 },
  },
];

describe('column profiler', () => {
  it.each(cases)('$name', ({ header, hints, values, expected, evidence }) => {
    const p = profile(header, hints, values);
    expect(p).toMatchObject(expected);
    if (evidence) expect(p.evidence).toMatch(evidence);
  });

  it('a type wins at 95% of the non-empty values and no lower', () => {
    const dates = repeat(19, (i) => `2024-01-${String(i + 1).padStart(2, '0')}`);
    const at95 = profile('Start Date', kartra, [...dates, 'soon']);
    expect(at95).toMatchObject({ type: 'date', format: 'YYYY-MM-DD', confidence: 0.95 });
    expect(at95.evidence).toMatch(/^19 of 20 values are dates/);
    const at90 = profile('Start Date', kartra, [...dates.slice(1), 'soon', 'later']);
    expect(at90.type).toBe('text');
    // The evidence says why the column is not a date column rather than silently calling it text.
    expect(at90.evidence).toMatch(/closest: 18 are dates/);
  });

  it('mixed date formats lower the confidence and are named in the evidence', () => {
    const p = profile('CreatedDate', soffront, ['03/05/2024', '04/05/2024', '2024-05-06 10:00:00', '07/05/2024']);
    expect(p).toMatchObject({ type: 'date', format: 'MM/DD/YYYY', confidence: 0.75 });
    expect(p.evidence).toMatch(/1 more value is a date in another format/);
  });

  it('keeps memory bounded: distinct values stop counting at the cap', () => {
    const p = createColumnProfiler('Email', kartra);
    for (let i = 0; i < 5000; i++) p.add(`user${i}@example.com`);
    p.add('user7@example.com'); // a repeat of a tracked value is still seen
    const out = p.finish();
    expect(out).toMatchObject({ type: 'email', filled: 5001, distinct: 1000, distinctCapped: true, unique: false });
  });

  it('caps the choices of a list column at 300, most frequent first', () => {
    const tags = repeat(400, (i) => `tag${i}`);
    const values = repeat(2000, (i) => `${tags[i % 400]}; ${tags[(i * 7) % 400]}; common`);
    const out = profile('tags', kartra, values);
    expect(out.type).toBe('multi_value');
    expect(out.choices).toHaveLength(300);
    expect(out.choices![0]).toEqual({ value: 'common', count: 2000 });
  });

  it('reports no rows for a column that saw none', () => {
    expect(profile('x', kartra, [])).toMatchObject({ type: 'text', total: 0, fillRate: 0, confidence: 0, evidence: 'the file has no rows' });
  });

  it('keeps its counting invariants for any input', () => {
    const cell = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 300 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }));
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.array(cell, { maxLength: 60 }), (header, values) => {
        const p = profile(header, kartra, values);
        expect(p.total).toBe(values.length);
        expect(p.filled).toBeLessThanOrEqual(p.total);
        expect(p.fillRate).toBe(p.total ? Math.round((p.filled / p.total) * 1000) / 1000 : 0);
        expect(p.confidence).toBeGreaterThanOrEqual(0);
        expect(p.confidence).toBeLessThanOrEqual(1);
        expect(p.distinct).toBeLessThanOrEqual(p.filled);
        expect(p.samples.length).toBeLessThanOrEqual(Math.min(3, p.distinct));
        for (const s of p.samples) expect(s.length).toBeLessThanOrEqual(80);
        expect(p.evidence.length).toBeGreaterThan(0);
      }),
      { seed: 20240605, numRuns: 300 },
    );
  });
});
