// The knowledge base, bundled by static import (no file reads at run time, so it also works on Workers)
// and validated once when this module loads.
import fasttrackPair from './pairs/fasttrack--freshsales.json' with { type: 'json' };
import kartraPair from './pairs/kartra--freshsales.json' with { type: 'json' };
import profiPair from './pairs/profi--freshsales.json' with { type: 'json' };
import promioPair from './pairs/promio--freshsales.json' with { type: 'json' };
import soffrontPair from './pairs/soffront--freshsales.json' with { type: 'json' };
import fasttrack from './platforms/fasttrack.json' with { type: 'json' };
import freshsales from './platforms/freshsales.json' with { type: 'json' };
import kartra from './platforms/kartra.json' with { type: 'json' };
import profi from './platforms/profi.json' with { type: 'json' };
import promio from './platforms/promio.json' with { type: 'json' };
import soffront from './platforms/soffront.json' with { type: 'json' };
import estimatorGotchas from './estimator/gotchas.json' with { type: 'json' };
import estimatorGrades from './estimator/grades.json' with { type: 'json' };
import estimatorPrice from './estimator/price.json' with { type: 'json' };
import estimatorTimeline from './estimator/timeline.json' with { type: 'json' };
import scopingDefaults from './scoping/freshsales-defaults.json' with { type: 'json' };
import scopingFieldTypes from './scoping/field-types.json' with { type: 'json' };
import scopingSynonyms from './scoping/field-synonyms.json' with { type: 'json' };
import scopingValueHints from './scoping/value-hints.json' with { type: 'json' };
import scopingWorkflows from './scoping/workflow-equivalents.json' with { type: 'json' };
import { buildKnowledgeBase } from './knowledge-base.ts';

export const RULE_FILES = {
  platforms: [
    { file: 'rules/platforms/fasttrack.json', data: fasttrack },
    { file: 'rules/platforms/freshsales.json', data: freshsales },
    { file: 'rules/platforms/kartra.json', data: kartra },
    { file: 'rules/platforms/profi.json', data: profi },
    { file: 'rules/platforms/promio.json', data: promio },
    { file: 'rules/platforms/soffront.json', data: soffront },
  ],
  pairs: [
    { file: 'rules/pairs/fasttrack--freshsales.json', data: fasttrackPair },
    { file: 'rules/pairs/kartra--freshsales.json', data: kartraPair },
    { file: 'rules/pairs/profi--freshsales.json', data: profiPair },
    { file: 'rules/pairs/promio--freshsales.json', data: promioPair },
    { file: 'rules/pairs/soffront--freshsales.json', data: soffrontPair },
  ],
  /** The estimator's rules, one concern per file; validated against the estimator's facts in src/estimator/rules.ts. */
  estimator: {
    grades: { file: 'rules/estimator/grades.json', data: estimatorGrades as unknown },
    price: { file: 'rules/estimator/price.json', data: estimatorPrice as unknown },
    gotchas: { file: 'rules/estimator/gotchas.json', data: estimatorGotchas as unknown },
    timeline: { file: 'rules/estimator/timeline.json', data: estimatorTimeline as unknown },
  },
  /** The scoping engine's rules; validated against the knowledge base in src/scoping/rules.ts. */
  scoping: {
    synonyms: { file: 'rules/scoping/field-synonyms.json', data: scopingSynonyms as unknown },
    fieldTypes: { file: 'rules/scoping/field-types.json', data: scopingFieldTypes as unknown },
    defaults: { file: 'rules/scoping/freshsales-defaults.json', data: scopingDefaults as unknown },
    workflows: { file: 'rules/scoping/workflow-equivalents.json', data: scopingWorkflows as unknown },
    valueHints: { file: 'rules/scoping/value-hints.json', data: scopingValueHints as unknown },
  },
};

export const knowledgeBase = buildKnowledgeBase({ ...RULE_FILES, extra: { ...RULE_FILES.estimator, ...RULE_FILES.scoping } });
export type { KnowledgeBase } from './knowledge-base.ts';
