import { beforeAll, describe, expect, it } from 'vitest';
import { knowledgeBase } from '../../rules/index.ts';
import { computeApiMath } from '../../src/estimator/api-math.ts';
import { estimatorRules } from '../../src/estimator/rules.ts';
import type { MappingContext } from '../../src/scoping/mapping/context.ts';
import { proposeMapping } from '../../src/scoping/mapping/propose.ts';
import { InvalidMapping, validateMapping } from '../../src/scoping/mapping/validate.ts';
import { buildChecklist } from '../../src/scoping/setup/checklist.ts';
import { contextFor, line, proposalFor } from '../scoping/proposal.ts';

// Which way a Kartra Lists column goes is data: the platform declares the column as list memberships, the Freshsales
// plan says whether lists are there. Where they are not, the proposal keeps the names in a multi-select contact field.

/** The Kartra context on a Freshsales whose plans offer no contact lists. */
function withoutLists(): MappingContext {
  const ctx = contextFor('kartra');
  const destination = structuredClone(ctx.destination);
  for (const p of destination.plans) p.features.contactLists = false;
  return { ...ctx, destination };
}

let proposal: Awaited<ReturnType<typeof proposalFor>>;
beforeAll(async () => {
  proposal = await proposalFor('kartra');
});

describe('the list column in the proposal', () => {
  it('goes to lists where the plan has them: the fact sits on Kartra’s contact field, not in code', () => {
    const declared = knowledgeBase.source('kartra')!.objects.find((o) => o.id === 'contact')!.fields.find((f) => f.id === 'lists')!;
    expect(declared.membershipOf).toBe('list');
    expect(line(proposal.mapping, 'contact', 'Lists')).toMatchObject({ target: { kind: 'list' }, confidence: 0.9 });
    expect(knowledgeBase.destination('freshsales')!.plans.every((p) => p.features.contactLists)).toBe(true);
  });

  it('becomes a multi-select contact field with the list names as choices where lists are not usable, and the checklist names it', () => {
    const ctx = withoutLists();
    const mapping = proposeMapping(ctx, proposal.inventory);
    const f = line(mapping, 'contact', 'Lists');
    expect(f.target).toMatchObject({ kind: 'custom', type: 'multi_select_dropdown', choices: expect.arrayContaining(['Newsletter', 'VIP']) });
    expect(f.reasons.join(' ')).toMatch(/offers no contact lists/);
    const name = (f.target as { name: string }).name;
    expect(buildChecklist(mapping, ctx).customFields).toContainEqual(expect.objectContaining({ name, type: 'multi_select_dropdown', choices: expect.arrayContaining(['Free Guide', 'Win-back']) }));
  });

  it('an edited mapping that sends a column to lists on such a plan, or from an object that joins no lists, is refused with the path', () => {
    const ctx = withoutLists();
    let refused: InvalidMapping | undefined;
    try {
      validateMapping(proposal.mapping, ctx, proposal.inventory);
    } catch (e) {
      refused = e as InvalidMapping;
    }
    expect(refused?.details).toContainEqual({ path: expect.stringMatching(/^objects\.\d+\.fields\.\d+\.target$/), message: expect.stringMatching(/"Lists" cannot go to lists: .*offers no contact lists/) });

    const deals = structuredClone(proposal.mapping);
    const transaction = deals.objects.find((o) => o.row === 'transaction')!;
    transaction.fields[0]!.target = { kind: 'list' };
    expect(() => validateMapping(deals, proposal.ctx, proposal.inventory)).toThrow(/belong to no lists/);
  });
});

describe('the estimate counts the list calls', () => {
  const args = (records: Record<string, number>, plan = 'pro') => ({
    records,
    source: knowledgeBase.source('kartra')!,
    destination: knowledgeBase.destination('freshsales')!,
    pair: knowledgeBase.pair('kartra', 'freshsales')!,
    plan: knowledgeBase.destination('freshsales')!.plans.find((p) => p.id === plan)!,
    constants: estimatorRules.timeline,
  });
  const listLines = (math: ReturnType<typeof computeApiMath>) => math.calls.filter((c) => c.phase !== 'extract' && c.object.startsWith('list'));

  it('with member counts known: a listing, a create per list, a call per 100 members of each list, and their pages read back', () => {
    const math = computeApiMath({ ...args({ contact: 500, list: 3 }), listMembers: { list: [250, 100, 1] } });
    expect(listLines(math).map((c) => [c.phase, c.object, c.calls])).toEqual([
      ['setup', 'list names', 1],
      ['load', 'list → list', 3],
      ['load', 'list members', 3 + 1 + 1],
      ['reconcile', 'list members', 3 + 1 + 1],
    ]);
  });

  it('in a quote, each contact is assumed to sit in one list, and the assumption is said', () => {
    const math = computeApiMath(args({ contact: 1000, list: 4 }));
    expect(listLines(math).find((c) => c.object === 'list members' && c.phase === 'load')).toMatchObject({ records: 1000, calls: 4 * 3 });
    expect(math.assumptions.join(' ')).toMatch(/belong to one contact list/);
  });
});
