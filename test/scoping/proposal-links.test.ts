import { beforeAll, describe, expect, it } from 'vitest';
import type { Mapping } from '../../src/scoping/mapping/document.ts';
import { scopingRules } from '../../src/scoping/rules.ts';
import { line, proposalFor } from './proposal.ts';

// The proposal's relationships, read from generated exports: which parent each link column names and by which of its
// columns, decided by the values discovery profiled (code forms), and the type column of polymorphic links.

type Proposal = Awaited<ReturnType<typeof proposalFor>>;
const rel = (m: Mapping, id: string) => m.relationships.find((r) => r.id === id);
const from = (m: Mapping, row: string) => m.relationships.filter((r) => r.from.row === row);

const proposals = new Map<string, Proposal>();
beforeAll(async () => {
  for (const p of ['soffront', 'profi', 'fasttrack', 'promio', 'kartra']) proposals.set(p, await proposalFor(p));
});
const of = (p: string) => proposals.get(p)!;

describe('relationships follow the values, not the column names', () => {
  it("Soffront contacts name their account by the account's name, though the platform calls the column AccountID", () => {
    expect(rel(of('soffront').mapping, 'contact->account')).toMatchObject({ from: { column: 'Account Name' }, to: { row: 'account', column: 'Account Name' }, via: 'name' });
  });

  it('Soffront custom objects (carried onto deals below Enterprise) name their deal in ParentID, on rows whose ParentType says Deal, and no account or contact', () => {
    const m = of('soffront').mapping;
    expect(from(m, 'custom_object').map((r) => [r.to.row, r.from.column, r.to.column, r.via, r.when])).toEqual([['deal', 'ParentID', 'Opportunity ID', 'id', { column: 'ParentType', values: ['Deal'] }]]);
    // Both name the deal; neither is a value of it.
    expect(['ParentID', 'ParentType'].map((c) => line(m, 'custom_object', c).target.kind)).toEqual(['ignore', 'ignore']);
  });

  it('Soffront activities hang off tickets too, each relationship chosen by the RelatedTo type', () => {
    const m = of('soffront').mapping;
    expect(from(m, 'activity').map((r) => [r.to.row, r.to.column, r.when?.values])).toEqual([
      ['account', 'AccountID', ['Account']],
      ['contact', 'ContactID', ['Contact']],
      ['deal', 'Opportunity ID', ['Deal']],
      ['ticket', 'TicketID', ['Ticket']],
    ]);
    expect(from(m, 'activity').every((r) => r.from.column === 'Regarding' && r.when?.column === 'RelatedTo' && r.via === 'id')).toBe(true);
  });

  it("a ticket's attachment is found by the ticket's own TicketID, not the ContactID column the ticket also carries", () => {
    expect(rel(of('soffront').mapping, 'attachment->ticket')).toMatchObject({ to: { column: 'TicketID' }, when: { column: 'ParentType', values: ['Ticket'] } });
  });

  it('FastTrack activities and notes: "Related to (type)" picks the relationship, and is read, not written to targetable_type', () => {
    const m = of('fasttrack').mapping;
    for (const row of ['activity', 'note']) {
      expect(from(m, row).map((r) => [r.to.row, r.when])).toEqual([
        ['company', { column: 'Related to (type)', values: ['Company'] }],
        ['contact', { column: 'Related to (type)', values: ['Contact'] }],
        ['deal', { column: 'Related to (type)', values: ['Deal'] }],
      ]);
      expect(line(m, row, 'Related to (type)').target).toEqual({ kind: 'ignore' });
      expect(line(m, row, 'Related to (record)').target).toEqual({ kind: 'standard', field: 'targetable_id' });
    }
  });

  it('Profi: every record naming a client links to the member by Client ID, whatever its column is called', () => {
    const m = of('profi').mapping;
    for (const [row, column] of [['session', 'Client'], ['package', 'Client'], ['booking', 'Client ID'], ['session_note', 'Client'], ['invoice', 'Client ID'], ['attachment', 'Client'], ['course', 'Client']])
      expect(m.relationships.find((r) => r.from.row === row && r.to.row === 'member'), `${row}`).toMatchObject({ from: { column }, to: { column: 'Client ID' }, via: 'id' });
    // A session note hangs off its client only: the pair card lists no other parent for it.
    expect(from(m, 'session_note').map((r) => r.to.row)).toEqual(['member']);
    expect(rel(m, 'organization->organization')).toMatchObject({ to: { column: 'Organisation ID' }, via: 'id' });
  });

  it('Promio reviews and call recordings, which write no record of their own, name the record their values go onto', () => {
    const m = of('promio').mapping;
    expect(from(m, 'review').map((r) => [r.from.column, r.to.row, r.to.column])).toEqual([['Customer ID', 'customer_contact', 'Customer ID']]);
    expect(from(m, 'call_recording').map((r) => [r.from.column, r.to.row])).toEqual([['Customer', 'customer_contact'], ['Lead', 'lead']]);
  });

  it.each(['soffront', 'profi', 'fasttrack', 'promio', 'kartra'])('%s: every column written to a link field comes with a relationship that says what it names', (platform) => {
    const { mapping } = of(platform);
    const links = scopingRules.fieldTypes.relationshipFields;
    const missing: string[] = [];
    for (const o of mapping.objects)
      for (const f of o.fields) {
        const t = f.target;
        const link = t.kind === 'standard' ? links.find((l) => l.object === o.destinationObject && l.field === t.field) : undefined;
        const parents = link && mapping.objects.filter((p) => p.row !== o.row && (link.to === '*' ? scopingRules.fieldTypes.targetableObjects : [link.to]).includes(p.destinationObject));
        // A contact's company written in free text is linked or created by name at load (FastTrack's prospects, Kartra).
        const freeTextCompany = o.destinationObject === 'contact' && ['text', 'picklist'].includes(f.sourceType) && !o.fields.some((x) => x !== f && x.target.kind === 'standard' && x.target.field === 'sales_account_id');
        if (!link || !parents?.length || (freeTextCompany && !mapping.relationships.some((r) => r.from.row === o.row))) continue;
        if (!mapping.relationships.some((r) => r.from.row === o.row && r.from.column === f.column && r.via && r.to.column))
          missing.push(`${o.row}.${f.column} → ${t.kind === 'standard' ? t.field : ''}`);
      }
    expect(missing).toEqual([]);
  });

  it('no proposal asks how a row links when none of its columns could say (knowledge-base articles)', () => {
    expect(from(of('soffront').mapping, 'kb_article')).toEqual([]);
  });
});
