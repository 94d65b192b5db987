import { knowledgeBase } from '../../rules/index.ts';
import type { Edition, PlanId } from '../../rules/schema/platform.ts';
import { generateFixtures } from '../../src/runner/fixtures/index.ts';
import { inventoryFile, profileFile } from '../../src/scoping/discovery/discover.ts';
import { mergeInventory } from '../../src/scoping/discovery/merge.ts';
import type { MappingContext } from '../../src/scoping/mapping/context.ts';
import type { Mapping } from '../../src/scoping/mapping/document.ts';
import { proposeMapping } from '../../src/scoping/mapping/propose.ts';
import { scopingRules } from '../../src/scoping/rules.ts';
import { buildChecklist } from '../../src/scoping/setup/checklist.ts';
import { DEFAULT_UPLOAD_LIMITS } from '../../src/scoping/upload/index.ts';

/** The context a scope of `platform` → Freshsales on `plan` (and `edition`) proposes in, with no remembered mappings. */
export function contextFor(platform: string, plan: PlanId = 'pro', edition: Edition = 'suite'): MappingContext {
  return {
    rules: scopingRules,
    source: knowledgeBase.source(platform)!,
    destination: knowledgeBase.destination('freshsales')!,
    pair: knowledgeBase.pair(platform, 'freshsales')!,
    plan,
    edition,
    memory: [],
  };
}

/**
 * Discovery and the first proposal for a generated export of `platform`, in process: every export file profiled as an
 * upload would be, recognised, merged into the inventory, proposed, and the setup checklist built from the proposal.
 */
export async function proposalFor(platform: string, plan: PlanId = 'pro', options = { scale: 40, seed: 6 }, edition: Edition = 'suite') {
  const set = generateFixtures(platform, options);
  const ctx = contextFor(platform, plan, edition);
  const exports = set.files.filter((f) => f.name !== 'expected.json' && f.name !== set.manifest.workflows && /\.(csv|json|ndjson)$/i.test(f.name));
  const files = [];
  for (const f of exports) {
    async function* body() {
      yield f.bytes;
    }
    files.push(inventoryFile(ctx.source, await profileFile(ctx.source, { name: f.name, body: body() }, DEFAULT_UPLOAD_LIMITS), undefined));
  }
  const inventory = mergeInventory(files);
  const mapping: Mapping = proposeMapping(ctx, inventory);
  return { ctx, inventory, mapping, setup: buildChecklist(mapping, ctx), manifest: set.manifest };
}

/** The line of the mapping for `column` of row `row`. */
export function line(mapping: Mapping, row: string, column: string) {
  const f = mapping.objects.find((o) => o.row === row)?.fields.find((x) => x.column === column);
  if (!f) throw new Error(`no line for ${row}.${column}`);
  return f;
}
