export { compileTransform } from './compile.ts';
export { actualHash, compareRecord, mappedHash, recordFingerprint, type FieldComparison } from './compare.ts';
export { dedupeByEmail, type DedupeResult, type DedupeRow } from './dedupe.ts';
export { PROVENANCE } from './identity.ts';
export { ENTITY_OF, normaliseKeyValue, SAME_ROW_KEY } from './links.ts';
export type { CompiledTransform, CompileInput, RecordRef, SetupProblem, StagedRecord, TransformResult } from './types.ts';
export { compileActivityTransform } from './activities.ts';
