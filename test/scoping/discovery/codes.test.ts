import { describe, expect, it } from 'vitest';
import { knowledgeBase } from '../../../rules/index.ts';
import { codeForms } from '../../../src/scoping/discovery/profile/codes.ts';
import { createColumnProfiler, profileHints, type ColumnProfile } from '../../../src/scoping/discovery/profile/index.ts';
import { valueFit } from '../../../src/scoping/mapping/link-evidence.ts';

const hints = profileHints(knowledgeBase.source('soffront')!);
function profile(header: string, values: string[]): ColumnProfile {
  const p = createColumnProfiler(header, hints);
  for (const v of values) p.add(v);
  return p.finish();
}

describe('code forms', () => {
  it('keep the letters and mark of a record code and turn each digit into 9', () => {
    expect(codeForms('C-10033')).toEqual(['C-99999']);
    expect(codeForms('cl-1003')).toEqual(['CL-9999']);
    expect(codeForms('10477')).toEqual(['99999']);
    expect(codeForms('CL-1003, CL-1007; T-80')).toEqual(['CL-9999', 'T-99']);
  });

  it('are absent for names, emails, dates and anything partly not a code', () => {
    for (const v of ['Pacific Pumps Inc', 'ann@example.com', '01/26/2024 12:15 PM', 'C-10033 (old)', 'ACME-CORP-7', '']) expect(codeForms(v), v).toBeNull();
  });

  it('are profiled per column, most frequent first, counting values made of codes only', () => {
    const p = profile('Regarding', ['C-10030', 'T-81', 'T-82', 'O-5006', 'not a code']);
    expect(p.codes).toEqual({ values: 4, forms: [{ form: 'T-99', count: 2 }, { form: 'C-99999', count: 1 }, { form: 'O-9999', count: 1 }] });
    expect(profile('Account Name', ['Pacific Pumps Inc', 'Desert Pumps Inc']).codes).toBeUndefined();
  });
});

describe('how well a link column fits a key column', () => {
  const accountIds = profile('AccountID', ['A-2001', 'A-2002', 'A-2003']);
  const accountNames = profile('Account Name', ['Pacific Pumps Inc', 'Desert Pumps Inc', 'Harbor Pumps Inc']);

  it('company names fit the account names, not the account ids', () => {
    const contacts = profile('Account Name', ['Pacific Pumps Inc', 'Harbor Pumps Inc', 'Pacific Pumps Inc']);
    expect(valueFit(contacts, accountIds)).toBe(0);
    expect(valueFit(contacts, accountNames)).toBe(1);
  });

  it('a polymorphic column fits each object by the share of its values of that object’s form', () => {
    const regarding = profile('Regarding', ['A-2004', 'T-81', 'T-82', 'C-10030']);
    expect(valueFit(regarding, accountIds)).toBe(0.25);
    expect(valueFit(regarding, profile('TicketID', ['T-80', 'T-81']))).toBe(0.5);
    expect(valueFit(regarding, profile('RecordID', ['CO-1', 'CO-2']))).toBe(0);
  });

  it('a code of another length but the same letters counts nearly in full (an orphan id beside real ones)', () => {
    expect(valueFit(profile('Customer ID', ['CU-9001']), profile('Customer ID', ['CU-501', 'CU-502']))).toBe(0.9);
  });

  it('cannot tell without values', () => {
    expect(valueFit(profile('Client', []), accountIds)).toBeNull();
    expect(valueFit(undefined, accountIds)).toBeNull();
  });
});
