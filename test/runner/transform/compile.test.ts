import { describe, expect, it } from 'vitest';
import type { ColumnProfile } from '../../../src/scoping/discovery/profile/types.ts';
import type { Mapping } from '../../../src/scoping/mapping/document.ts';
import type { DestinationChoice, DestinationDescription, DestinationEntity, SourceRow } from '../../../src/runner/protocol.ts';
import { compileTransform, SAME_ROW_KEY, type StagedRecord, type TransformResult } from '../../../src/runner/transform/index.ts';
import { custom, customField, defaultDestination, field, mappingOf, object, profile, std, valueMap } from './helpers.ts';

const at = { file: 'rows.csv', line: 7 };

function compile(mapping: Mapping, row: string, entity: DestinationEntity, profiles: Record<string, ColumnProfile> = {}, destination = defaultDestination()) {
  return compileTransform({ mapping, object: row, entity, profiles, destination });
}
function okRecord(r: TransformResult): StagedRecord {
  if (!r.ok) throw new Error(`quarantined: ${r.reason}`);
  return r.record;
}
function reasonOf(r: TransformResult): { reason: string; column?: string } {
  if (r.ok) throw new Error(`expected a quarantine, got ${JSON.stringify(r.record.data)}`);
  return { reason: r.reason, ...(r.column !== undefined ? { column: r.column } : {}) };
}
function withFields(entity: DestinationEntity, ...fields: ReturnType<typeof customField>[]): DestinationDescription {
  const d = defaultDestination();
  d.fields[entity].push(...fields);
  return d;
}
const stageId = (d: DestinationDescription, name: string) => d.selectors.deal_stages!.find((c) => c.value === name)!.id;

describe('text, numbers, booleans and dates', () => {
  const destination = withFields(
    'contacts',
    customField('cf_score', 'number'),
    customField('cf_vip', 'checkbox'),
    customField('cf_joined', 'date'),
    customField('cf_met_at', 'date_time_split'),
    customField('cf_notes', 'textarea'),
  );
  const mapping = mappingOf([
    object('person', 'contact', [
      field('First', std('first_name')),
      field('Score', custom('cf_score', 'number'), 'money'),
      field('VIP', custom('cf_vip', 'checkbox'), 'boolean'),
      field('Joined', custom('cf_joined', 'date'), 'datetime'),
      field('Met', custom('cf_met_at', 'date_time_split'), 'datetime'),
      field('Notes', custom('cf_notes', 'textarea'), 'textarea'),
    ]),
  ]);
  const profiles = {
    Score: profile('money', { money: { decimal: ',', thousands: '.', currency: '€' } }),
    Joined: profile('datetime', { format: 'YYYY-MM-DD HH:mm:ss', timeZone: 'America/New_York' }),
    Met: profile('datetime', { format: 'MM/DD/YYYY hh:mm A', timeZone: 'America/New_York' }),
  };
  const t = compile(mapping, 'person', 'contacts', profiles, destination);
  const run = (row: SourceRow) => t.transform(row, at);

  it('compiles without setup problems', () => expect(t.problems).toEqual([]));

  it('coerces each cell by the target type and the column profile', () => {
    const r = okRecord(run({ First: '  Zoë ', Score: '1.299,50 €', VIP: 'Yes', Joined: '2023-11-05 01:30:00', Met: '03/10/2024 02:30 AM', Notes: 'a\nb' }));
    expect(r.data.first_name).toBe('Zoë');
    expect(r.data.custom_field).toMatchObject({
      cf_score: 1299.5,
      cf_vip: true,
      cf_joined: '2023-11-05',
      cf_met_at: '2024-03-10T03:30:00-04:00',
      cf_notes: 'a\nb',
    });
  });

  it('leaves empty cells and zero dates out instead of writing blanks', () => {
    const r = okRecord(run({ First: 'Al', Score: '', VIP: 'N/A', Joined: '0000-00-00 00:00:00', Met: '  ' }));
    expect(Object.keys(r.data.custom_field as object).sort()).toEqual(['cf_ferry_source_id']);
    expect(r.data).not.toHaveProperty('last_name');
  });

  it('quarantines values that do not fit, naming the column and the value', () => {
    expect(reasonOf(run({ Score: '1,299.50' }))).toEqual({ column: 'Score', reason: "column Score: value '1,299.50' is not a number written like 1.234,56" });
    expect(reasonOf(run({ VIP: 'maybe' })).reason).toBe("column VIP: value 'maybe' is not a yes/no value");
    expect(reasonOf(run({ Joined: '11/05/2023' })).reason).toBe("column Joined: value '11/05/2023' is not a date in YYYY-MM-DD HH:mm:ss");
    expect(reasonOf(run({ Joined: '2023-02-30 10:00:00' })).reason).toContain("value '2023-02-30 10:00:00' is not a date");
  });

  it('never truncates: text over the field limit quarantines the row', () => {
    expect(okRecord(run({ First: 'x'.repeat(255) })).data.first_name).toHaveLength(255);
    const { reason, column } = reasonOf(run({ First: 'x'.repeat(256) }));
    expect(column).toBe('First');
    expect(reason).toMatch(/^column First: value 'x{59}…' is 256 characters; field first_name takes at most 255$/);
    expect(okRecord(run({ Notes: 'y'.repeat(10_000) })).data.custom_field).toHaveProperty('cf_notes');
    expect(reasonOf(run({ Notes: 'y'.repeat(10_001) })).reason).toContain('takes at most 10000');
  });

  it('reports every failing column of a row, the first one as its column', () => {
    const r = reasonOf(run({ Score: 'abc', VIP: 'perhaps' }));
    expect(r.column).toBe('Score');
    expect(r.reason.split('; ')).toHaveLength(2);
  });
});

describe('dropdowns, value maps and lists', () => {
  const destination = withFields(
    'deals',
    customField('cf_tier', 'dropdown', ['Gold', 'Silver', 'Platinum']),
    customField('cf_channels', 'multi_select_dropdown', ['Google Ads', 'Display', 'Bing Ads']),
  );
  const stages = valueMap('deal', 'Stage', 'deal.deal_stage_id', [
    ['Closed Won', 'Won'],
    ['Prospecting', 'New'],
    ['Limbo', null],
  ]);
  const channels = valueMap('deal', 'Channels', 'deal.cf_channels', [['Bing', 'Bing Ads']]);
  const mapping = mappingOf(
    [
      object('deal', 'deal', [
        field('Name', std('name')),
        field('Stage', std('deal_stage_id'), 'picklist'),
        field('Source', std('lead_source_id'), 'picklist'),
        field('Tier', custom('cf_tier', 'dropdown', ['Gold', 'Silver', 'Platinum']), 'picklist'),
        field('Channels', custom('cf_channels', 'multi_select_dropdown', ['Google Ads', 'Display', 'Bing Ads']), 'multi_value'),
        field('Tags', std('tags'), 'multi_value'),
      ]),
    ],
    { valueMaps: [stages, channels] },
  );
  const profiles = { Channels: profile('multi_value', { separator: ';' }), Tags: profile('multi_value', { separator: '|' }) };
  const t = compile(mapping, 'deal', 'deals', profiles, destination);
  const run = (row: SourceRow) => t.transform({ Name: 'D', ...row }, at);

  it('sends the choice id for standard *_id dropdowns: value map first, then the value itself (ignoring case)', () => {
    expect(okRecord(run({ Stage: 'Closed Won' })).data.deal_stage_id).toBe(stageId(destination, 'Won'));
    expect(okRecord(run({ Stage: 'prospecting' })).data.deal_stage_id).toBe(stageId(destination, 'New'));
    expect(okRecord(run({ Stage: 'demo' })).data.deal_stage_id).toBe(stageId(destination, 'Demo'));
    const referral = destination.selectors.lead_sources!.find((c) => c.value === 'Referral')!.id;
    expect(okRecord(run({ Source: ' REFERRAL ' })).data.lead_source_id).toBe(referral);
  });

  it('sends the choice value for custom dropdowns, in the destination spelling', () => {
    expect((okRecord(run({ Tier: 'gold' })).data.custom_field as Record<string, unknown>).cf_tier).toBe('Gold');
  });

  it('quarantines values that are not among the choices or not decided yet', () => {
    expect(reasonOf(run({ Stage: 'Negotiation' }))).toEqual({
      column: 'Stage',
      reason: "column Stage: value 'Negotiation' is not one of New, Contacted, Interested, Under review, Demo, Won, Lost",
    });
    expect(reasonOf(run({ Stage: 'Limbo' })).reason).toBe("column Stage: value 'Limbo' has no target in value map deal.Stage yet");
    expect(reasonOf(run({ Tier: 'Bronze' })).reason).toBe("column Tier: value 'Bronze' is not one of Gold, Silver, Platinum");
  });

  it('splits multi-select cells, maps each item and keeps only destination choices', () => {
    const r = okRecord(run({ Channels: 'display; Bing ;;Display' }));
    expect((r.data.custom_field as Record<string, unknown>).cf_channels).toEqual(['Display', 'Bing Ads']);
    expect(reasonOf(run({ Channels: 'Display;TikTok' })).reason).toBe("column Channels: value 'TikTok' is not one of Google Ads, Display, Bing Ads");
  });

  it('turns tags into a list: split on the profile separator, trimmed, empties and repeats dropped', () => {
    expect(okRecord(run({ Tags: ' vip | Beta||VIP | n/a ' })).data.tags).toEqual(['vip', 'Beta']);
    expect(okRecord(run({ Tags: ['a', ' b ', 'a'] })).data.tags).toEqual(['a', 'b']);
  });

  it('reports value-map targets and mapped choices the destination lacks as setup problems', () => {
    const bad = mappingOf(
      [object('deal', 'deal', [field('Name', std('name')), field('Stage', std('deal_stage_id')), field('Tier', custom('cf_tier', 'dropdown', ['Gold', 'Bronze']))])],
      { valueMaps: [valueMap('deal', 'Stage', 'deal.deal_stage_id', [['Closed Won', 'Closed Won']])] },
    );
    const { problems } = compile(bad, 'deal', 'deals', {}, destination);
    expect(problems).toEqual([
      {
        object: 'deal',
        column: 'Stage',
        field: 'deal_stage_id',
        message: "value map deal.Stage sends values to 'Closed Won', which is not among deal_stage_id's choices (New, Contacted, Interested, Under review, Demo, Won, Lost)",
      },
      { object: 'deal', column: 'Tier', field: 'cf_tier', message: "custom field cf_tier lacks the choices 'Bronze'" },
    ]);
  });
});

describe('deal stages of several pipelines', () => {
  const destination = defaultDestination();
  destination.selectors.deal_pipelines = [{ id: 1, value: 'New Business' }, { id: 2, value: 'Renewals' }];
  // Stages carry their pipeline the way the Freshsales destination describes them.
  const stages: (DestinationChoice & { pipelineId: number })[] = [
    { id: 11, value: 'Open', pipelineId: 1 },
    { id: 12, value: 'Won', pipelineId: 1 },
    { id: 21, value: 'Won', pipelineId: 2 },
  ];
  destination.selectors.deal_stages = stages;
  const mapping = mappingOf([object('deal', 'deal', [field('Name', std('name')), field('Pipeline', std('deal_pipeline_id')), field('Stage', std('deal_stage_id'))])]);
  const t = compile(mapping, 'deal', 'deals', {}, destination);

  it('takes the same-named stage of the pipeline the row names', () => {
    expect(okRecord(t.transform({ Name: 'x', Pipeline: 'Renewals', Stage: 'Won' }, at)).data).toMatchObject({ deal_pipeline_id: 2, deal_stage_id: 21 });
    expect(okRecord(t.transform({ Name: 'x', Pipeline: 'New Business', Stage: 'won' }, at)).data).toMatchObject({ deal_pipeline_id: 1, deal_stage_id: 12 });
    expect(okRecord(t.transform({ Name: 'x', Stage: 'Won' }, at)).data.deal_stage_id).toBe(12);
  });

  it('quarantines a stage its pipeline does not have', () => {
    expect(reasonOf(t.transform({ Name: 'x', Pipeline: 'Renewals', Stage: 'Open' }, at))).toEqual({ column: 'Stage', reason: "column Stage: value 'Open' is not a stage of pipeline 'Renewals'" });
  });
});

describe('setup problems', () => {
  it('names the object, column and field of everything that makes the object unloadable', () => {
    const mapping = mappingOf(
      [
        object('acct', 'sales_account', [
          field('Id', custom('cf_acct_id', 'text'), 'id'),
          field('Size', std('headcount')),
          field('Parent', std('parent_sales_account_id'), 'reference'),
          field('Notes', { kind: 'append', field: 'website' }),
          field('Phone', std('phone')),
          field('Phone 2', std('phone')),
        ]),
      ],
      { relationships: [{ id: 'acct->acct', from: { row: 'acct', column: 'Owner' }, to: { row: 'acct', column: 'Id' }, via: null, description: '' }] },
    );
    const d = defaultDestination();
    d.fields.sales_accounts = d.fields.sales_accounts.filter((f) => f.name !== 'cf_ferry_source_id');
    const { problems } = compile(mapping, 'acct', 'sales_accounts', {}, d);
    expect(problems.map((p) => [p.column, p.field, p.message])).toEqual([
      ['Owner', null, 'relationship acct->acct: names no key (id, name or email) to match by'],
      ['Id', 'cf_acct_id', "custom field cf_acct_id ('acct_id', text) is missing in the destination's sales_accounts"],
      ['Size', 'headcount', 'Freshsales sales_accounts have no field headcount'],
      ['Parent', 'parent_sales_account_id', 'column Parent fills parent_sales_account_id, but no relationship says which record it names'],
      ['Notes', 'website', 'website is a url field; labelled lines need a text field'],
      ['Phone 2', 'phone', 'columns Phone and Phone 2 both fill phone'],
      [null, 'cf_ferry_source_id', "custom field cf_ferry_source_id (text) is missing in the destination's sales_accounts; Ferry records where each record came from in it"],
      [null, 'name', 'name (Name) is required in the destination and no column fills it'],
    ]);
    expect(problems.every((p) => p.object === 'acct')).toBe(true);
  });

  it('flags a custom field whose destination type differs and an unknown time zone', () => {
    const mapping = mappingOf([object('p', 'contact', [field('Created', custom('cf_when', 'date'), 'datetime')])]);
    const profiles = { Created: profile('datetime', { format: 'YYYY-MM-DD HH:mm', timeZone: 'Mars/Base' }) };
    const { problems } = compile(mapping, 'p', 'contacts', profiles, withFields('contacts', customField('cf_when', 'text')));
    expect(problems.map((p) => [p.column, p.message])).toEqual([
      ['Created', "time zone 'Mars/Base' is not a known IANA zone"],
      ['Created', 'custom field cf_when is text in the destination; the mapping expects date'],
    ]);
  });
});

describe('emails, identity and provenance', () => {
  const mapping = mappingOf([
    object('person', 'contact', [
      field('ContactID', std('external_id'), 'id'),
      field('E-mail', std('emails'), 'email'),
      field('Owner', std('owner_id'), 'email'),
      field('CreatedDate', custom('cf_created', 'date'), 'datetime'),
      field('ModifiedDate', { kind: 'ignore' }, 'datetime'),
    ]),
  ]);
  const profiles = {
    CreatedDate: profile('datetime', { format: 'MM/DD/YYYY hh:mm A', timeZone: 'America/Los_Angeles' }),
    ModifiedDate: profile('datetime', { format: 'MM/DD/YYYY hh:mm A', timeZone: 'America/Los_Angeles' }),
  };
  const t = compile(mapping, 'person', 'contacts', profiles, withFields('contacts', customField('cf_created', 'date')));

  it('normalises emails, keys upserts by them and records provenance with offsets', () => {
    const r = okRecord(
      t.transform({ ContactID: 'C-1', 'E-mail': ' Rene.Dubois@Lumiere.EXAMPLE ', Owner: 'Dana Whitfield', CreatedDate: '03/14/2019 09:05 AM', ModifiedDate: '11/02/2023 04:47 PM' }, at),
    );
    expect(r).toMatchObject({
      sourceKey: 'C-1',
      identifier: { emails: 'rene.dubois@lumiere.example' },
      email: 'rene.dubois@lumiere.example',
      owner: 'Dana Whitfield',
      cursor: '2023-11-02T23:47:00.000Z',
    });
    expect(r.data).toEqual({
      external_id: 'C-1',
      emails: 'rene.dubois@lumiere.example',
      custom_field: {
        cf_created: '2019-03-14',
        cf_ferry_source_id: 'person:C-1',
        cf_ferry_source_created_at: '2019-03-14T09:05:00-07:00',
        cf_ferry_source_updated_at: '2023-11-02T16:47:00-07:00',
      },
    });
  });

  it('keys rows without an email by Ferry source id, and rows without an id by email; a row with neither is quarantined', () => {
    expect(okRecord(t.transform({ ContactID: 'C-2' }, at)).identifier).toEqual({ cf_ferry_source_id: 'person:C-2' });
    const byEmail = okRecord(t.transform({ 'E-mail': 'a@b.example' }, at));
    expect(byEmail).toMatchObject({ sourceKey: 'a@b.example', identifier: { emails: 'a@b.example' }, dedupeKey: 'a@b.example' });
    expect(reasonOf(t.transform({ Owner: 'Dana Whitfield' }, at))).toEqual({
      column: 'ContactID',
      reason: 'column ContactID: empty, and the row has no email either, so nothing identifies it; add its ContactID to the export',
    });
    // An object with no id column at all keys its rows by file and line.
    const noIds = compile(mappingOf([object('p', 'contact', [field('Name', std('first_name'))])]), 'p', 'contacts');
    const byLine = okRecord(noIds.transform({ Name: 'Ana' }, at));
    expect(byLine).toMatchObject({ sourceKey: 'rows.csv:7', identifier: { cf_ferry_source_id: 'p:rows.csv:7' }, owner: null });
    expect(byLine).not.toHaveProperty('cursor');
    expect(byLine).not.toHaveProperty('dedupeKey');
  });

  it('quarantines an invalid email in an email field', () => {
    expect(reasonOf(t.transform({ ContactID: 'C-3', 'E-mail': 'rene at lumiere' }, at))).toEqual({ column: 'E-mail', reason: "column E-mail: value 'rene at lumiere' is not an email address" });
    expect(reasonOf(t.transform({ ContactID: 'C-3', ModifiedDate: '2023-11-02' }, at)).reason).toBe("column ModifiedDate: value '2023-11-02' is not a date in MM/DD/YYYY hh:mm A");
  });

  it('keys accounts by name and deals by Ferry source id', () => {
    const accounts = compile(mappingOf([object('a', 'sales_account', [field('Name', std('name'))])]), 'a', 'sales_accounts');
    expect(okRecord(accounts.transform({ Name: ' Acme ' }, at)).identifier).toEqual({ name: 'Acme' });
    expect(reasonOf(accounts.transform({ Name: 'N/A' }, at))).toEqual({ column: 'Name', reason: 'column Name: empty, but name (Name) is required' });
    const deals = compile(mappingOf([object('d', 'deal', [field('Id', custom('cf_id', 'text'), 'id'), field('Name', std('name'))])]), 'd', 'deals', {}, withFields('deals', customField('cf_id', 'text')));
    expect(okRecord(deals.transform({ Id: 'O-1', Name: 'x' }, at)).identifier).toEqual({ cf_ferry_source_id: 'd:O-1' });
    // Two rows naming one account are one Freshsales account: they share its name as their dedupe key.
    expect(okRecord(accounts.transform({ Name: ' Acme  Inc ' }, at))).toMatchObject({ sourceKey: 'acme inc', dedupeKey: 'acme inc' });
    // A deal has no key of Freshsales' own: without its id nothing identifies it.
    expect(reasonOf(deals.transform({ Name: 'x' }, at))).toEqual({ column: 'Id', reason: 'column Id: empty, and the row has no other key either, so nothing identifies it; add its Id to the export' });
  });
});

describe('labelled lines and phone numbers', () => {
  it('joins append targets as "Label: value" lines after the field’s own value', () => {
    const mapping = mappingOf([
      object('d', 'deal', [
        field('Name', std('name')),
        field('Brief', custom('cf_brief', 'textarea')),
        field('Ref', { kind: 'append', field: 'cf_brief' }),
        field('Channel', { kind: 'append', field: 'cf_brief' }),
      ]),
    ]);
    const t = compile(mapping, 'd', 'deals', {}, withFields('deals', customField('cf_brief', 'textarea')));
    expect(t.problems).toEqual([]);
    expect((okRecord(t.transform({ Name: 'x', Ref: 'A-7', Channel: 'Web' }, at)).data.custom_field as Record<string, unknown>).cf_brief).toBe('Ref: A-7\nChannel: Web');
    expect((okRecord(t.transform({ Name: 'x', Brief: 'Call back', Channel: 'Web' }, at)).data.custom_field as Record<string, unknown>).cf_brief).toBe('Call back\nChannel: Web');
  });

  it('appends to a standard text field and quarantines an overflow', () => {
    const mapping = mappingOf([object('a', 'sales_account', [field('Name', std('name')), field('Addr', std('address')), field('Floor', { kind: 'append', field: 'address' })])]);
    const t = compile(mapping, 'a', 'sales_accounts');
    expect(okRecord(t.transform({ Name: 'x', Addr: '1 Main St', Floor: '4' }, at)).data.address).toBe('1 Main St\nFloor: 4');
    expect(reasonOf(t.transform({ Name: 'x', Addr: 'a'.repeat(9_998), Floor: '4' }, at)).reason).toBe('field address: the labelled lines come to 10007 characters; it takes at most 10000');
  });

  it('puts the country code column in front of phone numbers written without one', () => {
    const mapping = mappingOf([
      object('p', 'contact', [field('Phone Country Code', custom('cf_cc', 'number'), 'number'), field('Phone', std('mobile_number'), 'phone'), field('Work', std('work_number'), 'phone')]),
    ]);
    const t = compile(mapping, 'p', 'contacts', {}, withFields('contacts', customField('cf_cc', 'number')));
    const r = okRecord(t.transform({ 'Phone Country Code': '+46', Phone: '701234567', Work: '+1 212 555 0100' }, at));
    expect(r.data).toMatchObject({ mobile_number: '+46 701234567', work_number: '+1 212 555 0100', custom_field: { cf_cc: 46 } });
    expect(okRecord(t.transform({ Phone: '701234567' }, at)).data.mobile_number).toBe('701234567');
  });
});

describe('relationships: refs, keys and account names', () => {
  const mapping = mappingOf(
    [
      object('account', 'sales_account', [field('AccountID', custom('cf_account_id', 'text'), 'id'), field('Account Name', std('name')), field('Parent', std('parent_sales_account_id'), 'reference')]),
      object('contact', 'contact', [field('Email', std('emails'), 'email'), field('AccountID', std('sales_account_id'), 'reference'), field('Company', std('sales_accounts'))]),
      object('deal', 'deal', [field('Name', std('name')), field('Buyers', std('contacts_added_list'), 'email'), field('AccountID', std('sales_account_id'), 'reference')]),
    ],
    {
      relationships: [
        { id: 'account->account', from: { row: 'account', column: 'Parent' }, to: { row: 'account', column: 'AccountID' }, via: 'id', description: '' },
        { id: 'contact->account', from: { row: 'contact', column: 'AccountID' }, to: { row: 'account', column: 'AccountID' }, via: 'id', description: '' },
        { id: 'deal->contact', from: { row: 'deal', column: 'Buyers' }, to: { row: 'contact', column: 'Email' }, via: 'email', description: '' },
        { id: 'deal->account', from: { row: 'deal', column: 'AccountID' }, to: { row: 'account', column: 'Account Name' }, via: 'name', description: '' },
      ],
    },
  );
  const d = withFields('sales_accounts', customField('cf_account_id', 'text'));

  it('turns link columns into refs with the field the resolved id goes into', () => {
    const deal = compile(mapping, 'deal', 'deals', {}, d);
    expect(deal.problems).toEqual([]);
    const r = okRecord(deal.transform({ Name: 'x', Buyers: 'A@x.example; b@x.example', AccountID: '  Smith,  Barnes & Co. ' }, at));
    expect(r.refs).toEqual([
      { relationship: 'deal->contact', toObject: 'contact', via: 'email', value: 'a@x.example', field: 'contact_ids' },
      { relationship: 'deal->contact', toObject: 'contact', via: 'email', value: 'b@x.example', field: 'contact_ids' },
      { relationship: 'deal->account', toObject: 'account', via: 'name', value: 'smith, barnes & co.', field: 'sales_account_id' },
    ]);
    expect(r.data).not.toHaveProperty('contacts_added_list');
    expect(r.data).not.toHaveProperty('sales_account_id');
  });

  it('offers the normalised values other rows match against as keys', () => {
    const account = compile(mapping, 'account', 'sales_accounts', {}, d);
    const r = okRecord(account.transform({ AccountID: ' A-1 ', 'Account Name': 'Smith, Barnes  & Co.', Parent: 'A-0' }, at));
    expect(r.keys).toEqual({ AccountID: 'A-1', 'Account Name': 'smith, barnes & co.' });
    expect(r.refs).toEqual([{ relationship: 'account->account', toObject: 'account', via: 'id', value: 'A-0', field: 'parent_sales_account_id' }]);
    expect(okRecord(compile(mapping, 'contact', 'contacts', {}, d).transform({ Email: 'A@X.example' }, at)).keys).toEqual({ Email: 'a@x.example' });
  });

  it('gives a contact’s free-text company to the pipeline as accountName', () => {
    const free = mappingOf([object('contact', 'contact', [field('Email', std('emails'), 'email'), field('Company', std('sales_accounts'))])]);
    const contact = compile(free, 'contact', 'contacts');
    expect(contact.problems).toEqual([]);
    const r = okRecord(contact.transform({ Email: 'a@x.example', Company: '  Acme   Gyms, Inc. ' }, at));
    expect(r.accountName).toBe('Acme Gyms, Inc.');
    expect(r.refs).toEqual([]);
    expect(r.data).not.toHaveProperty('sales_accounts');
  });

  it('does not take a second account column as a company name when a relationship already links the account', () => {
    const contact = compile(mapping, 'contact', 'contacts', {}, d);
    expect(contact.problems.map((p) => p.message)).toEqual([
      "column Company fills sales_accounts, but no relationship says which record it names; the contact's account already comes from relationship contact->account",
    ]);
    const r = okRecord(contact.transform({ Email: 'a@x.example', AccountID: 'A-1', Company: 'C-81;C-90' }, at));
    expect(r).not.toHaveProperty('accountName');
    expect(r.refs).toEqual([{ relationship: 'contact->account', toObject: 'account', via: 'id', value: 'A-1', field: 'sales_account_id' }]);
  });

  it('links two objects made from the same source row through the row itself', () => {
    const sameRow = mappingOf(
      [object('person', 'contact', [field('Email', std('emails'), 'email')], 'customers.csv'), object('business', 'sales_account', [field('Business', std('name'))], 'customers.csv')],
      { relationships: [{ id: 'person->business', from: { row: 'person', column: null }, to: { row: 'business', column: null }, via: 'id', description: '' }] },
    );
    const pos = { file: 'customers.csv', line: 3 };
    const person = okRecord(compile(sameRow, 'person', 'contacts').transform({ Email: 'a@x.example' }, pos));
    const business = okRecord(compile(sameRow, 'business', 'sales_accounts').transform({ Business: 'Acme' }, pos));
    expect(person.refs).toEqual([{ relationship: 'person->business', toObject: 'business', via: 'id', value: 'customers.csv:3', field: 'sales_account_id' }]);
    expect(business.keys).toEqual({ [SAME_ROW_KEY]: 'customers.csv:3' });
  });

  it('reports relationships that cannot resolve', () => {
    const broken = mappingOf(
      [object('deal', 'deal', [field('Name', std('name')), field('Client', std('contacts_added_list'))]), object('member', 'contact', [field('Id', std('external_id'), 'id')])],
      { relationships: [{ id: 'deal->member', from: { row: 'deal', column: 'Deal ID' }, to: { row: 'member', column: null }, via: 'id', description: 'no member column holds it' }] },
    );
    expect(compile(broken, 'deal', 'deals').problems.map((p) => p.message)).toEqual([
      'relationship deal->member: one side names no column to match (no member column holds it)',
      'column Client fills contacts_added_list, but no relationship says which record it names',
    ]);
  });
});
