import { describe, expect, it } from 'vitest';
import { knowledgeBase } from '../../../rules/index.ts';
import type { SourcePlatform } from '../../../rules/schema/platform.ts';
import { matchColumn, recogniseFile } from '../../../src/scoping/discovery/recognise/index.ts';

const SOURCES = ['soffront', 'profi', 'fasttrack', 'promio', 'kartra'];
const platform = (id: string) => knowledgeBase.source(id)!;

/** Each export file the knowledge base declares, with headers spelt as its aliases (first or last spelling). */
const declaredFiles = SOURCES.flatMap((id) =>
  platform(id).channels.export.files.map((f) => ({
    platform: id,
    object: f.object,
    name: f.names[0]!,
    firstSpellings: Object.values(f.headerAliases ?? {}).map((a) => a[0]!),
    lastSpellings: Object.values(f.headerAliases ?? {}).map((a) => a.at(-1)!),
  })),
);

describe('recogniseFile', () => {
  it('covers the five seed sources', () => {
    expect(new Set(declaredFiles.map((f) => f.platform))).toEqual(new Set(SOURCES));
  });

  it.each(declaredFiles)('$platform $name with its alias headers → $object', ({ platform: id, object, name, firstSpellings }) => {
    const [best] = recogniseFile(platform(id), name, firstSpellings);
    expect(best!.object).toBe(object);
  });

  it.each(declaredFiles)('$platform: a renamed $object file is recognised by its headers alone', ({ platform: id, object, lastSpellings }) => {
    const [best] = recogniseFile(platform(id), 'export (3).csv', lastSpellings);
    expect(best!.object).toBe(object);
    expect(best!.reason).toMatch(/^file name matches no known/);
  });

  it('Soffront Contacts.csv: fields by id, label and alias, unknown headers left for custom properties', () => {
    const headers = ['ContactID', 'FirstName', 'Last Name', 'E-mail', 'Work phone', 'Job Title', 'Account Name', 'CreatedDate', 'Favourite colour'];
    const guesses = recogniseFile(platform('soffront'), 'Contacts.csv', headers);
    expect(guesses).toHaveLength(platform('soffront').objects.length); // every object is scored
    const [best, second] = guesses;
    expect(best).toMatchObject({ object: 'contact', reason: 'file name matches Contacts.csv; 8 of 9 headers are contact fields; key fields ContactID, Email present' });
    expect(best!.confidence).toBeGreaterThan(0.9);
    expect(best!.confidence).toBeGreaterThan(second!.confidence);
    expect(best!.columns).toEqual([
      { header: 'ContactID', field: 'ContactID', how: 'id' },
      { header: 'FirstName', field: 'FirstName', how: 'id' },
      { header: 'Last Name', field: 'LastName', how: 'id' },
      { header: 'E-mail', field: 'Email', how: 'id' },
      { header: 'Work phone', field: 'Phone', how: 'label' },
      { header: 'Job Title', field: 'Title', how: 'label' },
      { header: 'Account Name', field: 'AccountID', how: 'alias' },
      { header: 'CreatedDate', field: 'CreatedDate', how: 'id' },
      { header: 'Favourite colour', field: null, how: null },
    ]);
  });

  it('a file name with a date or prefix still matches by its stem', () => {
    const [best] = recogniseFile(platform('kartra'), 'exports/kartra_contacts_2024-06 (1).csv', ['Email', 'First Name', 'Tags']);
    expect(best!.object).toBe('contact');
    expect(best!.reason).toMatch(/^file name is like contacts\.csv/);
  });

  it("Kartra's contact export holds GDPR consent too: the object covering more headers comes first", () => {
    const contact = recogniseFile(platform('kartra'), 'contacts.csv', ['ID', 'Email', 'First Name', 'Last Name', 'Tags', 'GDPR Status']);
    expect(contact.map((g) => g.object).slice(0, 2)).toEqual(['contact', 'gdpr_consent']);
    const consent = recogniseFile(platform('kartra'), 'contacts.csv', ['Email', 'GDPR Status', 'GDPR Status Date']);
    expect(consent.map((g) => g.object).slice(0, 2)).toEqual(['gdpr_consent', 'contact']);
  });

  it('equal scores go to the object listed first in the platform file', () => {
    // Two objects with the same fields and the same file name score the same; listing order decides, both ways round.
    const kartra = platform('kartra');
    const consent = kartra.objects.find((o) => o.id === 'gdpr_consent')!;
    const twin = { ...consent, id: 'gdpr_consent_copy' };
    const files = [...kartra.channels.export.files, ...kartra.channels.export.files.filter((f) => f.object === 'gdpr_consent').map((f) => ({ ...f, object: twin.id }))];
    const withObjects = (objects: SourcePlatform['objects']): SourcePlatform => ({ ...kartra, objects, channels: { ...kartra.channels, export: { ...kartra.channels.export, files } } });
    const headers = ['Email', 'GDPR Status'];
    const first = recogniseFile(withObjects([consent, twin]), 'contacts.csv', headers);
    expect(first[0]!.confidence).toBe(first[1]!.confidence);
    expect(first.map((g) => g.object)).toEqual(['gdpr_consent', 'gdpr_consent_copy']);
    expect(recogniseFile(withObjects([twin, consent]), 'contacts.csv', headers).map((g) => g.object)).toEqual(['gdpr_consent_copy', 'gdpr_consent']);
  });

  it('scores stay in 0..1 and the list is ordered', () => {
    for (const id of SOURCES) {
      const guesses = recogniseFile(platform(id), 'anything.csv', ['Name', 'Email', 'Status', 'Created']);
      for (const g of guesses) expect(g.confidence).toBeGreaterThanOrEqual(0);
      for (const g of guesses) expect(g.confidence).toBeLessThanOrEqual(1);
      expect(guesses.map((g) => g.confidence)).toEqual([...guesses.map((g) => g.confidence)].sort((a, b) => b - a));
    }
  });

  it('a file with no headers scores by its name only', () => {
    const [best] = recogniseFile(platform('promio'), 'campaigns.csv', []);
    expect(best).toMatchObject({ object: 'campaign', confidence: 0.35, columns: [] });
  });
});

describe('matchColumn', () => {
  const soffront: SourcePlatform = platform('soffront');
  it.each([
    ['E-Mail', 'Email', 'id'],
    ['first_name', 'FirstName', 'id'],
    ['  Contact ID ', 'ContactID', 'id'],
    ['Mobile phone', 'Mobile', 'label'],
    ['Assigned To', 'OwnerName', 'label'],
    ['Email Address', 'Email', 'alias'],
    ['Company', 'AccountID', 'alias'],
  ] as const)('%s → %s by %s', (header, field, how) => {
    expect(matchColumn(soffront, 'contact', header)).toEqual({ header, field, how });
  });

  it('an unknown header has no field', () => {
    expect(matchColumn(soffront, 'contact', 'Shoe size')).toEqual({ header: 'Shoe size', field: null, how: null });
  });

  it('aliases belong to their own object only', () => {
    // 'Parent Account' is an alias of account.ParentAccountID, not a contact field.
    expect(matchColumn(soffront, 'account', 'Parent Account').field).toBe('ParentAccountID');
    expect(matchColumn(soffront, 'contact', 'Parent Account').field).toBeNull();
  });

  it('an unknown object is an error naming it', () => {
    expect(() => matchColumn(soffront, 'invoice', 'Email')).toThrow(/soffront has no object 'invoice'/);
  });
});
