export { compileTransform } from './compile.ts';
export { actualHash, compareRecord, mappedHash, recordFingerprint, type FieldComparison } from './compare.ts';
export { dedupeByEmail, type DedupeResult, type DedupeRow } from './dedupe.ts';
export { NATURAL_KEY_LABEL, PROVENANCE } from './identity.ts';
export { ENTITY_OF, normaliseKeyValue, SAME_ROW_KEY } from './links.ts';
export type { CompiledTransform, CompileInput, RecordRef, RowWarning, SetupProblem, StagedRecord, TransformResult } from './types.ts';
export { warningReason, withWarnings } from './warnings.ts';
export { compileActivityTransform } from './activities.ts';
