import { beforeAll, describe, expect, it } from 'vitest';
import { isActivityEntity, isCatalogueEntity, type DestinationDescription, type SourcePosition } from '../../../src/runner/protocol.ts';
import { compileActivityTransform, compileTransform, dedupeByEmail, ENTITY_OF, type SetupProblem, type StagedRecord, type TransformResult } from '../../../src/runner/transform/index.ts';
import { destinationFor, exportRows, scopeFixture, setUpDestinationFor } from './helpers.ts';

interface ObjectRun {
  problems: SetupProblem[];
  rows: { position: SourcePosition; result: TransformResult }[];
}

/** Compiles every object the runner loads and transforms every row of its export files. */
async function runAll(platform: string, destinationOf: typeof destinationFor): Promise<{ destination: DestinationDescription; objects: Record<string, ObjectRun> }> {
  const { mapping, profiles } = scopeFixture(platform);
  const destination = destinationOf(mapping);
  const objects: Record<string, ObjectRun> = {};
  for (const o of mapping.objects) {
    const entity = ENTITY_OF[o.destinationObject];
    // Products and deal line items compile apart (test/runner/products-end-to-end.test.ts runs them).
    if (!entity || isCatalogueEntity(entity)) continue;
    const input = { mapping, object: o.row, destination, profiles: Object.assign({}, ...o.files.map((f) => profiles[f])) };
    const t = isActivityEntity(entity) ? compileActivityTransform({ ...input, entity }) : compileTransform({ ...input, entity });
    const rows: ObjectRun['rows'] = [];
    for (const file of o.files) for (const { row, position } of await exportRows(platform, file)) rows.push({ position, result: t.transform(row, position) });
    objects[o.row] = { problems: t.problems, rows };
  }
  return { destination, objects };
}

/** ok/quarantined/problems per object, the way a run summary counts them. */
const tally = (objects: Record<string, ObjectRun>) =>
  Object.fromEntries(Object.entries(objects).map(([k, o]) => [k, `${o.rows.filter((r) => r.result.ok).length}/${o.rows.filter((r) => !r.result.ok).length}/${o.problems.length}`]));

function record(run: ObjectRun, line: number): StagedRecord {
  const r = run.rows.find((x) => x.position.line === line)?.result;
  if (!r?.ok) throw new Error(`line ${line}: ${r ? r.reason : 'no such row'}`);
  return r.record;
}
const cf = (r: StagedRecord) => r.data.custom_field as Record<string, unknown>;
const choiceId = (d: DestinationDescription, selector: string, value: string) => d.selectors[selector]!.find((c) => c.value === value)!.id;

/** What each seed scope does against a fresh account (its custom fields created) and after the whole setup checklist. */
const EXPECTED: Record<string, { fresh: Record<string, string>; setUp: Record<string, string> }> = {
  // Activities: one Soffront task is 'Cancelled' (a closed task now); Profi's booking statuses are no appointment outcomes.
  soffront: {
    fresh: { account: '4/6/1', activity: '11/0/0', contact: '12/0/0', deal: '0/10/3' },
    setUp: { account: '10/0/0', activity: '11/0/0', contact: '12/0/0', deal: '10/0/0' },
  },
  profi: {
    fresh: { booking: '10/0/1', member: '11/0/0', invoice: '10/0/0', session: '0/10/3' },
    setUp: { booking: '10/0/1', member: '11/0/0', invoice: '10/0/0', session: '10/0/1' },
  },
  fasttrack: { fresh: { company: '4/6/1', contact: '3/9/2', deal: '0/10/4' }, setUp: { company: '10/0/0', contact: '12/0/1', deal: '10/0/1' } },
  promio: {
    fresh: { campaign: '10/0/1', customer_contact: '10/0/0', customer_account: '4/6/0', lead: '1/11/2' },
    setUp: { campaign: '10/0/1', customer_contact: '10/0/0', customer_account: '4/6/0', lead: '12/0/0' },
  },
  kartra: { fresh: { contact: '0/12/1', subscription: '10/0/0', transaction: '0/12/1' }, setUp: { contact: '12/0/0', subscription: '10/0/0', transaction: '12/0/0' } },
};

describe.each(Object.keys(EXPECTED))('the %s scope transforms every export row', (platform) => {
  let fresh: Awaited<ReturnType<typeof runAll>>;
  let setUp: Awaited<ReturnType<typeof runAll>>;
  beforeAll(async () => {
    fresh = await runAll(platform, destinationFor);
    setUp = await runAll(platform, setUpDestinationFor);
  });

  it('against a fresh account: every row is loaded or quarantined with a reason naming its column and value', () => {
    expect(tally(fresh.objects)).toEqual(EXPECTED[platform]!.fresh);
    for (const [object, run] of Object.entries(fresh.objects)) {
      for (const { position, result } of run.rows)
        if (!result.ok) {
          expect(result.column, `${object} ${position.file}:${position.line}`).toBeTruthy();
          expect(result.reason).toMatch(new RegExp(`^column ${result.column!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (value '.+'|empty)`));
        }
      for (const p of run.problems) expect(p.object).toBe(object);
    }
  });

  it('after the setup checklist: only the mapping’s own gaps and bad data remain', () => {
    expect(tally(setUp.objects)).toEqual(EXPECTED[platform]!.setUp);
  });

  it('every value-map problem of a fresh account names the missing choices, and setup clears them', () => {
    const valueMapProblems = Object.values(fresh.objects).flatMap((o) => o.problems.filter((p) => p.message.startsWith('value map ')));
    for (const p of valueMapProblems) expect(p.message).toMatch(/^value map .+ sends values to '.+', which (is|are) not among \w+'s choices/);
    expect(Object.values(setUp.objects).flatMap((o) => o.problems.filter((p) => p.message.startsWith('value map ')))).toEqual([]);
  });
});

describe('seed data, record by record (set-up account)', () => {
  it('soffront: Windows-1252 names, provenance in Pacific time, euro amounts, stage ids and one duplicate email', async () => {
    const { destination, objects } = await runAll('soffront', setUpDestinationFor);
    const rene = record(objects.contact!, 2);
    expect(rene.data).toMatchObject({ first_name: 'René', address: '1200 Market St\nSuite 400', zipcode: '94102', tags: ['Newsletter', 'VIP'] });
    expect(cf(rene)).toMatchObject({ cf_ferry_source_created_at: '2019-03-14T09:05:00-07:00', cf_ferry_source_updated_at: '2023-11-02T16:47:00-07:00' });
    expect(rene.refs).toEqual([{ relationship: 'contact->account', toObject: 'account', via: 'name', value: 'café lumière €-shop', field: 'sales_accounts' }]);
    expect(record(objects.account!, 2).keys['Account Name']).toBe('café lumière €-shop');

    const brandt = record(objects.deal!, 3);
    expect(brandt.data).toMatchObject({ amount: 12_400, deal_stage_id: choiceId(destination, 'deal_stages', 'Won'), expected_close: '2024-03-31', closed_date: '2024-03-28' });
    expect(record(objects.account!, 6).refs).toEqual([{ relationship: 'account->account', toObject: 'account', via: 'id', value: 'A-2003', field: 'parent_sales_account_id' }]);

    // ACT-8 was cancelled: no longer open work, so a task closed as done whose text keeps the status the source gave.
    const cancelled = record(objects.activity!, 12);
    expect(cancelled.data).toMatchObject({ status: 1 });
    expect(String(cancelled.data.description).split('\n').slice(-2)).toEqual(['Status in the source: Cancelled', 'Ferry source id: activity:ACT-8']);

    const contacts = objects.contact!.rows.map(({ position, result }) => ({ position, record: (result as { record: StagedRecord }).record }));
    const { merged } = dedupeByEmail(contacts);
    expect(merged.map((m) => [m.row.record.sourceKey, m.reason])).toEqual([['C-10007', 'duplicate of Contacts.csv line 8 (same email maria.g@pacificpumps.example)']]);
  });

  it('profi: comma-separated tags, a shared-owner cell, free-text companies and a repeated client', async () => {
    const { objects } = await runAll('profi', setUpDestinationFor);
    const amelia = record(objects.member!, 2);
    expect(amelia).toMatchObject({ sourceKey: 'CL-1001', accountName: 'Hart Analytics', owner: 'sam@brightpath.example' });
    expect(amelia.data.tags).toEqual(['Leadership', 'VIP']);
    expect(record(objects.member!, 4).owner).toBe('sam@brightpath.example, jo@brightpath.example');
    const members = objects.member!.rows.map(({ position, result }) => ({ position, record: (result as { record: StagedRecord }).record }));
    expect(dedupeByEmail(members).merged.map((m) => [m.row.record.sourceKey, m.into.record.sourceKey])).toEqual([['CL-1001', 'CL-1010']]);
    expect(objects.session!.problems.map((p) => [p.column, p.field])).toEqual([['Client', 'contacts_added_list']]);
  });

  it('fasttrack: day-first dates, Sydney daylight time, offsets kept, parent accounts', async () => {
    const { objects } = await runAll('fasttrack', setUpDestinationFor);
    const siobhan = record(objects.contact!, 2);
    expect(cf(siobhan)).toMatchObject({ cf_created: '2022-03-14', cf_ferry_source_created_at: '2022-03-14T09:15:00+11:00', cf_ferry_source_updated_at: '2024-05-02T03:11:45Z' });
    expect(siobhan.cursor).toBe('2024-05-02T03:11:45.000Z');
    expect(cf(record(objects.contact!, 3)).cf_ferry_source_created_at).toBe('2023-07-01T14:00:00+10:00');
    expect(record(objects.deal!, 2).data).toMatchObject({ amount: 18_750, expected_close: '2024-04-30', closed_date: '2024-04-26' });
    expect(cf(record(objects.company!, 3))).toMatchObject({ cf_abn_business_number: 33_102_417_032, cf_created: '2022-03-14' });
    expect(record(objects.company!, 3).refs.map((r) => r.value)).toEqual(['C-70']);
  });

  it('promio: one customer row becomes a contact and an account linked through the row', async () => {
    const { objects } = await runAll('promio', setUpDestinationFor);
    const omar = record(objects.customer_contact!, 3);
    const riverside = record(objects.customer_account!, 3);
    expect(omar.refs).toEqual([{ relationship: 'customer_contact->customer_account', toObject: 'customer_account', via: 'id', value: 'customers.csv:3', field: 'sales_account_id' }]);
    expect(riverside).toMatchObject({ identifier: { name: 'Riverside Dental, PLLC' }, keys: { '#row': 'customers.csv:3' } });
    expect(record(objects.lead!, 2).data).toMatchObject({ first_name: 'José', last_name: 'Martínez' });
    expect(cf(record(objects.campaign!, 2))).toMatchObject({ cf_channels: ['Google Ads', 'Display'], cf_impressions: 184_220, cf_spend_to_date: 7312.4 });
    const noName = objects.customer_account!.rows.find((r) => r.position.line === 2)!.result;
    // A customer without a business name is a person: the row makes no account, and is skipped rather than quarantined.
    expect(noName).toEqual({ ok: false, skip: true, column: 'Business Name', reason: 'column Business Name: empty, so this row is a person, not a business: it makes a contact and no account' });
  });

  it('kartra: country codes joined to phones, zero dates left out, formulas kept as text, refunds negative', async () => {
    const { objects } = await runAll('kartra', setUpDestinationFor);
    const zoe = record(objects.contact!, 2);
    expect(zoe.data).toMatchObject({ mobile_number: '+46 701234567', tags: ['lead magnet', 'webinar registered'] });
    expect(cf(zoe)).toMatchObject({ cf_date_joined: '2023-11-05', cf_lists: ['Free Guide', 'Newsletter'], cf_gdpr_status_date: '2023-11-05' });
    expect(cf(record(objects.contact!, 3))).not.toHaveProperty('cf_gdpr_status_date');
    expect(record(objects.contact!, 13).data).not.toHaveProperty('mobile_number');
    expect(cf(record(objects.contact!, 7)).cf_fitness_goal).toBe('=HYPERLINK("http://x","y")');
    expect(record(objects.contact!, 8).accountName).toBe('Acme Gyms Inc');
    const refund = record(objects.transaction!, 7);
    expect(refund.data.amount).toBe(-24.5);
    expect(refund.refs).toEqual([{ relationship: 'transaction->contact', toObject: 'contact', via: 'email', value: 'rob.chen@example.com', field: 'contact_ids' }]);
    const sub = record(objects.subscription!, 4);
    expect(cf(sub)).toMatchObject({ cf_next_payment_amount: 1299, cf_start_date: '2022-01-15' });
    expect(cf(sub)).not.toHaveProperty('cf_end_date');
  });
});
