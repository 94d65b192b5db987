import { beforeAll, describe, expect, it } from 'vitest';
import type { Mapping } from '../../src/scoping/mapping/document.ts';
import { buildChecklist } from '../../src/scoping/setup/checklist.ts';
import { line, proposalFor } from './proposal.ts';

// What the proposal fixes without a column (a ticket's pipeline, a prospect's lifecycle stage), how it types columns
// with no values or with a time of day, and the setup checklist an admin works through.

type Proposal = Awaited<ReturnType<typeof proposalFor>>;
const proposals = new Map<string, Proposal>();
beforeAll(async () => {
  for (const p of ['soffront', 'fasttrack', 'promio', 'kartra']) proposals.set(p, await proposalFor(p));
});
const of = (p: string) => proposals.get(p)!;
const object = (m: Mapping, row: string) => m.objects.find((o) => o.row === row)!;

describe('columns', () => {
  it("an empty column still lands on the standard field its name and the platform's declared type say (FastTrack's Closed On)", () => {
    expect(line(of('fasttrack').mapping, 'deal', 'Closed On')).toMatchObject({ sourceType: 'date', target: { kind: 'standard', field: 'closed_date' } });
  });

  it.each([
    ['kartra', 'contact', 'Date Joined'],
    ['promio', 'lead', 'Lead Date'],
  ])('%s %s "%s" keeps its time of day: a text field holding the ISO 8601 moment, since Freshsales has no custom date-time field', (platform, row, column) => {
    const f = line(of(platform).mapping, row, column);
    expect(f.sourceType).toBe('datetime');
    expect(f.target).toMatchObject({ kind: 'custom', type: 'text' });
    expect(f.reasons.join(' ')).toMatch(/ISO 8601/);
  });
});

describe('fixed values', () => {
  it('FastTrack prospects load as contacts at the Lead lifecycle stage, their statuses chosen among that stage’s, and the checklist names the stage', () => {
    const { mapping, setup, ctx } = of('fasttrack');
    expect(object(mapping, 'person').fixed).toEqual([expect.objectContaining({ field: 'lifecycle_stage_id', value: 'Lead' })]);
    expect(object(mapping, 'contact').fixed).toBeUndefined();
    const lead = ctx.rules.defaults.lifecycleStages.find((l) => l.name === 'Lead')!;
    expect(mapping.valueMaps.find((v) => v.id === 'person.Lead Status')!.choices).toEqual(lead.statuses);
    expect(setup.lifecycle.map((l) => l.stage)).toContain('Lead');
  });

  it('Soffront tickets load into a Support pipeline whose stages are the ticket statuses, and the checklist asks for it', () => {
    const { mapping, setup } = of('soffront');
    expect(object(mapping, 'ticket').fixed).toEqual([expect.objectContaining({ field: 'deal_pipeline_id', value: 'Support' })]);
    const status = mapping.valueMaps.find((v) => v.id === 'ticket.Status')!;
    expect(status.choices).toEqual([]);
    expect(status.entries.every((e) => e.target === e.source && e.confidence >= 0.6)).toBe(true);
    const support = setup.pipelines.find((p) => p.name === 'Support')!;
    expect(new Set(support.stages)).toEqual(new Set(status.entries.map((e) => e.source)));
    // Ticket statuses stay out of the sales pipeline.
    const sales = setup.pipelines.find((p) => p.name === 'Default Pipeline')?.stages ?? [];
    expect(sales.filter((s) => support.stages.includes(s))).toEqual([]);
  });

  it('on Growth, which allows one pipeline, tickets stay in the sales pipeline', async () => {
    const { mapping, setup } = await proposalFor('soffront', 'growth');
    expect(object(mapping, 'ticket').fixed).toBeUndefined();
    expect(setup.pipelines.map((p) => p.name)).not.toContain('Support');
  });
});

describe('the setup checklist', () => {
  it('lists a dropdown once with the values of every column feeding it, and a person once however the export spells them', () => {
    const { mapping, ctx } = of('fasttrack');
    const m: Mapping = structuredClone(mapping);
    // Two owners that are one person: a display name resolved to the address the other spells in capitals.
    m.owners.owners = [
      { source: 'Raj Patel', count: 3, email: 'raj.p@ftrecruit.example', resolution: 'invite', seenIn: ['deal.Owner'] },
      { source: 'RAJ.P@ftrecruit.example', count: 2, email: 'RAJ.P@ftrecruit.example', resolution: 'invite', seenIn: ['contact.Consultant'] },
    ];
    m.owners.fallbackOwnerEmail = 'Raj.P@ftrecruit.example';
    const setup = buildChecklist(m, ctx);
    expect(setup.users).toEqual([{ email: 'raj.p@ftrecruit.example', owns: 5, role: 'owner' }]);
    const sources = setup.choices.filter((c) => c.field === 'contact.lead_source_id');
    expect(sources).toHaveLength(1);
    const fed = mapping.valueMaps.filter((v) => v.target === 'contact.lead_source_id');
    expect(fed.length).toBeGreaterThan(1);
    expect(new Set(sources[0]!.values)).toEqual(new Set(fed.flatMap((v) => v.entries.map((e) => e.target))));
    expect(new Set(setup.choices.map((c) => c.field)).size).toBe(setup.choices.length);
  });
});
