import { beforeAll, describe, expect, it } from 'vitest';
import type { SourcePosition, SourceRow } from '../../src/runner/protocol.ts';
import { compileActivityTransform, compileTransform } from '../../src/runner/transform/index.ts';
import type { ColumnProfile } from '../../src/scoping/discovery/profile/types.ts';
import { DEFAULT_UPLOAD_LIMITS, readTable } from '../../src/scoping/upload/index.ts';
import { setUpDestinationFor } from '../runner/transform/helpers.ts';
import { proposalFor } from './proposal.ts';
import { generateFixtures } from '../../src/runner/fixtures/index.ts';

// The runner honours what the proposal decides: a polymorphic link applies by its type column, a fixed value lands on
// every record, and a date-time kept in a text field is the instant read in the platform's zone.

type Proposal = Awaited<ReturnType<typeof proposalFor>>;
const proposals = new Map<string, Proposal>();
beforeAll(async () => {
  for (const p of ['soffront', 'fasttrack', 'kartra']) proposals.set(p, await proposalFor(p));
});

async function rowsOf(platform: string, file: string) {
  const bytes = generateFixtures(platform, { scale: 40, seed: 6 }).files.find((f) => f.name === file)!.bytes;
  const rows: { row: SourceRow; position: SourcePosition }[] = [];
  async function* body() {
    yield bytes;
  }
  await readTable({ name: file, body: body() }, DEFAULT_UPLOAD_LIMITS, { start() {}, row: (row, line) => void rows.push({ row, position: { file, line } }) });
  return rows;
}

function compile(p: Proposal, row: string, entity: Parameters<typeof compileTransform>[0]['entity'], extra: (d: ReturnType<typeof setUpDestinationFor>) => void = () => {}) {
  const o = p.mapping.objects.find((x) => x.row === row)!;
  const profiles: Record<string, ColumnProfile> = Object.fromEntries(p.inventory.find((i) => i.object === o.sourceObject)!.columns.map((c) => [c.header, c.profile]));
  const destination = setUpDestinationFor(p.mapping);
  extra(destination);
  const input = { mapping: p.mapping, object: row, profiles, destination };
  return { compiled: entity === 'notes' ? compileActivityTransform({ ...input, entity }) : compileTransform({ ...input, entity }), destination };
}

describe('the runner reads the proposal', () => {
  it("a FastTrack note's record column links only to the kind its type column names", async () => {
    const { compiled } = compile(proposals.get('fasttrack')!, 'note', 'notes');
    expect(compiled.problems).toEqual([]);
    const rows = await rowsOf('fasttrack', 'notes.csv');
    for (const { row, position } of rows) {
      const r = compiled.transform(row, position);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (!r.ok) continue;
      const kind = String(row['Related to (type)']).toLowerCase();
      expect(r.record.refs.map((x) => x.toObject), `${position.line} ${kind}`).toEqual([kind]);
      expect(r.record.data.targetable_type).toBeUndefined();
    }
    expect(rows.length).toBeGreaterThan(10);
  });

  it('every Soffront ticket deal is put in the Support pipeline, its status a stage of that pipeline', async () => {
    let support = 0;
    const { compiled, destination } = compile(proposals.get('soffront')!, 'ticket', 'deals', (d) => {
      support = 77_001;
      d.selectors.deal_pipelines!.push({ id: support, value: 'Support' });
    });
    expect(compiled.problems).toEqual([]);
    const rows = await rowsOf('soffront', 'Tickets.csv');
    for (const { row, position } of rows) {
      const r = compiled.transform(row, position);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (!r.ok) continue;
      expect(r.record.data.deal_pipeline_id).toBe(support);
      expect(destination.selectors.deal_stages!.find((s) => s.id === r.record.data.deal_stage_id)?.value).toBe(row.Status);
    }
  });

  it('a FastTrack prospect is a contact at the Lead lifecycle stage', async () => {
    const { compiled, destination } = compile(proposals.get('fasttrack')!, 'person', 'contacts');
    const lead = destination.selectors.lifecycle_stages!.find((s) => s.value === 'Lead')!.id;
    const [first] = await rowsOf('fasttrack', 'leads.csv');
    const r = compiled.transform(first!.row, first!.position);
    expect(r.ok && r.record.data.lifecycle_stage_id).toBe(lead);
  });

  it("Kartra's Date Joined is stored as the moment it names, read in US Eastern time", async () => {
    const p = proposals.get('kartra')!;
    const target = p.mapping.objects.find((o) => o.row === 'contact')!.fields.find((f) => f.column === 'Date Joined')!.target as { name: string };
    const { compiled } = compile(p, 'contact', 'contacts');
    const rows = (await rowsOf('kartra', 'contacts.csv')).filter(({ row }) => row['Date Joined'] === '2020-11-25 12:20:00');
    expect(rows.length).toBe(1);
    const r = compiled.transform(rows[0]!.row, rows[0]!.position);
    const stored = r.ok ? (r.record.data.custom_field as Record<string, string>)[target.name] : undefined;
    expect(stored).toBe('2020-11-25T12:20:00-05:00');
  });
});
