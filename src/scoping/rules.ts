import { RULE_FILES, knowledgeBase } from '../../rules/index.ts';
import type { KnowledgeBase } from '../../rules/knowledge-base.ts';
import { FieldSynonyms, FieldTypeRules, FreshsalesDefaults, ValueHints, WorkflowEquivalents } from '../../rules/schema/scoping.ts';
import { fileParser, type KnowledgeIssue, KnowledgeBaseError, type RawFile } from '../../rules/validate.ts';
import { normaliseKey } from './text.ts';

export interface ScopingRuleFiles {
  synonyms: RawFile;
  fieldTypes: RawFile;
  defaults: RawFile;
  workflows: RawFile;
  valueHints: RawFile;
}

/** Parses the scoping rule files and checks every Freshsales object and field they name; throws one error listing all problems. */
export function loadScopingRules(files: ScopingRuleFiles, kb: KnowledgeBase) {
  const issues: KnowledgeIssue[] = [];
  const parse = fileParser(issues);
  const synonyms = parse(FieldSynonyms, files.synonyms);
  const fieldTypes = parse(FieldTypeRules, files.fieldTypes);
  const defaults = parse(FreshsalesDefaults, files.defaults);
  const workflows = parse(WorkflowEquivalents, files.workflows);
  const valueHints = parse(ValueHints, files.valueHints);

  const destination = kb.destination('freshsales');
  if (synonyms && destination) {
    for (const [objectId, fields] of Object.entries(synonyms.objects)) {
      const object = destination.objects.find((o) => o.id === objectId);
      if (!object) {
        issues.push({ file: files.synonyms.file, path: `$.objects.${objectId}`, message: `Freshsales has no object "${objectId}"` });
        continue;
      }
      for (const [fieldId, phrases] of Object.entries(fields)) {
        if (!object.fields.some((f) => f.id === fieldId))
          issues.push({ file: files.synonyms.file, path: `$.objects.${objectId}.${fieldId}`, message: `Freshsales ${objectId} has no field "${fieldId}"` });
        const seen = new Set<string>();
        phrases.forEach((p, i) => {
          const key = normaliseKey(p);
          if (!key) issues.push({ file: files.synonyms.file, path: `$.objects.${objectId}.${fieldId}[${i}]`, message: 'phrase has no letters or digits' });
          if (seen.has(key)) issues.push({ file: files.synonyms.file, path: `$.objects.${objectId}.${fieldId}[${i}]`, message: `"${p}" repeats another phrase` });
          seen.add(key);
        });
      }
    }
  }
  if (defaults && destination)
    defaults.standIns.forEach((s, i) => {
      for (const id of [s.object, s.writtenAs])
        if (!destination.objects.some((o) => o.id === id)) issues.push({ file: files.defaults.file, path: `$.standIns[${i}]`, message: `Freshsales has no object "${id}"` });
      const object = destination.objects.find((o) => o.id === s.writtenAs);
      s.set.forEach((v, j) => {
        if (object && !object.fields.some((f) => f.id === v.field)) issues.push({ file: files.defaults.file, path: `$.standIns[${i}].set[${j}].field`, message: `Freshsales ${s.writtenAs} has no field "${v.field}"` });
        if (v.field === 'lifecycle_stage_id' && !defaults.lifecycleStages.some((l) => l.name === v.value))
          issues.push({ file: files.defaults.file, path: `$.standIns[${i}].set[${j}].value`, message: `"${v.value}" is not one of the lifecycle stages` });
      });
    });
  if (fieldTypes && destination)
    fieldTypes.targetableObjects.forEach((id, i) => {
      if (!destination.objects.some((o) => o.id === id)) issues.push({ file: files.fieldTypes.file, path: `$.targetableObjects[${i}]`, message: `Freshsales has no object "${id}"` });
    });
  if (workflows)
    for (const kind of ['triggers', 'actions'] as const) {
      const seen = new Set<string>();
      workflows[kind].forEach((e, i) => {
        if (seen.has(e.id)) issues.push({ file: files.workflows.file, path: `$.${kind}[${i}].id`, message: `duplicate id "${e.id}"` });
        seen.add(e.id);
      });
    }
  if (defaults && valueHints)
    for (const stage of Object.keys(valueHints.lifecycle))
      if (!defaults.lifecycleStages.some((l) => l.name === stage))
        issues.push({ file: files.valueHints.file, path: `$.lifecycle.${stage}`, message: `"${stage}" is not a lifecycle stage in ${files.defaults.file}` });
  if (issues.length || !synonyms || !fieldTypes || !defaults || !workflows || !valueHints) throw new KnowledgeBaseError(issues);
  return { synonyms, fieldTypes, defaults, workflows, valueHints };
}

export type ScopingRules = ReturnType<typeof loadScopingRules>;

/** The bundled scoping rules, validated once at load. */
export const scopingRules = loadScopingRules(RULE_FILES.scoping, knowledgeBase);
