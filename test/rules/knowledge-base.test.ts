import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_FILES, knowledgeBase } from '../../rules/index.ts';
import { buildKnowledgeBase } from '../../rules/knowledge-base.ts';
import { KnowledgeBaseError, validateKnowledge, type RawFile } from '../../rules/validate.ts';
import { computeCompatibility } from '../../src/estimator/compatibility.ts';

const rulesDir = join(import.meta.dirname, '../../rules');
const copy = () => structuredClone(RULE_FILES) as { platforms: RawFile[]; pairs: RawFile[] };
const file = (files: RawFile[], name: string) => files.find((f) => f.file.endsWith(name))!.data as any;

/** Runs the validator and returns the issues it reports (none when valid). */
const issuesOf = (files: { platforms: RawFile[]; pairs: RawFile[] }) => {
  try {
    validateKnowledge(files);
    return [];
  } catch (e) {
    if (!(e instanceof KnowledgeBaseError)) throw e;
    return e.issues;
  }
};

describe('the knowledge base', () => {
  it('bundles every JSON file under rules/platforms and rules/pairs', () => {
    for (const kind of ['platforms', 'pairs'] as const) {
      const onDisk = readdirSync(join(rulesDir, kind)).filter((n) => n.endsWith('.json')).map((n) => `rules/${kind}/${n}`).sort();
      expect(RULE_FILES[kind].map((f) => f.file).sort()).toEqual(onDisk);
    }
  });

  it('validates every file through its schema', () => {
    expect(issuesOf(copy())).toEqual([]);
    expect(knowledgeBase.platforms.map((p) => p.id).sort()).toEqual(['fasttrack', 'freshsales', 'kartra', 'profi', 'promio', 'soffront']);
    expect(knowledgeBase.version).toMatch(/^kb-[0-9a-f]{16}$/);
  });

  it.each([
    ['soffront', 7, 10],
    ['profi', 11, 11],
    ['fasttrack', 9, 10],
    ['promio', 6, 8],
    ['kartra', 6, 9],
  ])('computes %s → freshsales compatibility from its object table: %i of %i', (source, oneToOne, total) => {
    const pair = knowledgeBase.pair(source, 'freshsales')!;
    expect(computeCompatibility(pair.rows)).toMatchObject({ oneToOne, total });
  });

  it('gives Freshsales its three plans with their API budgets and gates', () => {
    const fs = knowledgeBase.destination('freshsales')!;
    const plans = Object.fromEntries(fs.plans.map((p) => [p.id, p]));
    expect([plans.growth!.apiCallsPerHour, plans.pro!.apiCallsPerHour, plans.enterprise!.apiCallsPerHour]).toEqual([1000, 2000, 5000]);
    expect(plans.growth!.features.customModules).toBe(false);
    expect(plans.enterprise!.features.customModules).toBe(true);
    expect(plans.growth!.features.productCatalog).toBe(false);
    expect(plans.pro!.features.productCatalog && plans.pro!.features.multiplePipelines).toBe(true);
  });

  it('includes the export-request wait for Promio, which has no API', () => {
    const promio = knowledgeBase.pair('promio', 'freshsales')!;
    const wait = promio.approach.find((s) => s.kind === 'export_request');
    expect(wait?.days).toEqual({ min: 7, max: 21 });
    expect(knowledgeBase.source('promio')!.channels.api).toBeNull();
  });
});

describe('the validator refuses', () => {
  it('an unknown key, naming file and path', () => {
    const files = copy();
    file(files.platforms, 'kartra.json').objects[0].colour = 'blue';
    file(files.pairs, 'profi--freshsales.json').rows[2].weight = 3;
    const issues = issuesOf(files);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'rules/platforms/kartra.json', path: '$.objects[0]', message: expect.stringContaining('colour') }),
        expect.objectContaining({ file: 'rules/pairs/profi--freshsales.json', path: '$.rows[2]', message: expect.stringContaining('weight') }),
      ]),
    );
  });

  it('a mapping row naming an object its platform file lacks', () => {
    const files = copy();
    file(files.pairs, 'soffront--freshsales.json').rows[0].source.object = 'spaceship';
    file(files.pairs, 'fasttrack--freshsales.json').rows[1].destination.objects = ['opportunity'];
    const issues = issuesOf(files);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'rules/pairs/soffront--freshsales.json', path: '$.rows[0].source.object', message: expect.stringContaining('spaceship') }),
        expect.objectContaining({ file: 'rules/pairs/fasttrack--freshsales.json', path: '$.rows[1].destination.objects[0]', message: expect.stringContaining('opportunity') }),
      ]),
    );
  });

  it('duplicate ids: objects, gotchas, rows and platforms', () => {
    const files = copy();
    const kartra = file(files.platforms, 'kartra.json');
    kartra.objects.push(structuredClone(kartra.objects[0]));
    const fs = file(files.platforms, 'freshsales.json');
    fs.gotchas[1].id = fs.gotchas[0].id;
    const promioPair = file(files.pairs, 'promio--freshsales.json');
    promioPair.rows[1].id = promioPair.rows[0].id;
    files.platforms.push({ file: 'rules/platforms/kartra.json', data: structuredClone(kartra) });
    const messages = issuesOf(files).map((i) => `${i.file} ${i.path} ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/kartra\.json \$\.objects\[\d+\]\.id duplicate id/),
        expect.stringMatching(/freshsales\.json \$\.gotchas\[1\]\.id duplicate id/),
        expect.stringMatching(/promio--freshsales\.json \$\.rows\[1\]\.id duplicate id/),
        expect.stringMatching(/rules\/platforms \$\[\d+\]\.id duplicate id "kartra"/),
      ]),
    );
  });

  it('a dependency on a missing row, a load order outside the destination, and a pair of unknown platforms', () => {
    const files = copy();
    const pair = file(files.pairs, 'kartra--freshsales.json');
    pair.rows[0].dependsOn = ['ghost-row'];
    pair.loadOrder.push('invoice');
    pair.destination = 'salesforce';
    const paths = issuesOf(files).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['$.rows[0].dependsOn[0]', '$.destination']));
    const files2 = copy();
    file(files2.pairs, 'kartra--freshsales.json').loadOrder.push('invoice');
    expect(issuesOf(files2).map((i) => i.message)).toEqual([expect.stringContaining('"invoice" is not an object of freshsales')]);
  });

  it('reports the whole list in one error at load', () => {
    const files = copy();
    file(files.platforms, 'profi.json').gotchas[0].severity = 'critical';
    expect(() => buildKnowledgeBase(files)).toThrow(/rules\/platforms\/profi\.json \$\.gotchas\[0\]\.severity/);
  });
});
