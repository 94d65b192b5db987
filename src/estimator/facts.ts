import type { Pair } from '../../rules/schema/pair.ts';
import type { DestinationPlatform, Plan, SourcePlatform } from '../../rules/schema/platform.ts';
import type { ApiMath } from './api-math.ts';
import { rowTarget } from './api-math.ts';
import { computeCompatibility } from './compatibility.ts';
import type { EstimateInput } from './input.ts';

const PLAN_RANK = { growth: 1, pro: 2, enterprise: 3 } as const;

/**
 * Every fact the rules may read, derived from the input in this one place. Values are plain numbers, booleans and
 * strings so that rule files stay flat (no JSON paths).
 */
export function deriveFacts(ctx: {
  input: EstimateInput;
  source: SourcePlatform;
  destination: DestinationPlatform;
  pair: Pair;
  plan: Plan;
  api: ApiMath;
}) {
  const { input, source, destination, pair, plan, api } = ctx;
  const counts = Object.values(input.records);
  const totalRecords = counts.reduce((a, b) => a + b, 0);
  const compat = computeCompatibility(pair.rows);

  // Custom fields land on the destination entity their source object writes to; the quota is per entity.
  const fieldsPerEntity = new Map<string, number>();
  for (const [objectId, n] of Object.entries(input.customFields)) {
    const row = pair.rows.find((r) => r.source.object === objectId);
    const entity = (row && (row.writesTo ?? row.destination.objects[0])) ?? 'contact';
    fieldsPerEntity.set(entity, (fieldsPerEntity.get(entity) ?? 0) + n);
  }
  const customFieldsMaxPerEntity = Math.max(0, ...fieldsPerEntity.values());

  // Records whose preferred destination needs a plan above this one (custom modules, products, pipelines).
  let recordsNeedingHigherPlan = 0;
  let customObjectRecords = 0;
  for (const row of pair.rows) {
    const n = input.records[row.source.object] ?? 0;
    if (n === 0) continue;
    const preferred = destination.objects.find((o) => o.id === row.writesTo);
    if (preferred?.id === 'custom_module') customObjectRecords += n;
    if (row.planRequirement && PLAN_RANK[row.planRequirement.minPlan] > PLAN_RANK[plan.id]) recordsNeedingHigherPlan += n;
    else if (preferred?.minPlan && PLAN_RANK[preferred.minPlan] > PLAN_RANK[plan.id] && rowTarget(row, destination, plan)?.id !== preferred.id)
      recordsNeedingHigherPlan += n;
  }

  const storageLimitGb = plan.storagePerUserGb * input.options.destinationUsers;
  const attachmentsTotalGb = input.attachments.totalMb / 1024;
  const exportWait = source.channels.export.requestLeadDays;
  const hypercareFromPair = pair.approach.filter((s) => s.kind === 'hypercare').reduce((a, s) => a + (s.days?.max ?? 0), 0);

  return {
    source: source.id,
    sourceName: source.name,
    destination: destination.id,
    plan: plan.id,
    planLabel: plan.label,
    planRank: PLAN_RANK[plan.id],
    totalRecords,
    largestObjectRecords: Math.max(0, ...counts),
    objectsWithRecords: counts.filter((n) => n > 0).length,
    oneToOne: compat.oneToOne,
    totalObjects: compat.total,
    compatibilityPercent: compat.percent,
    lossyRows: pair.rows.filter((r) => r.cardinality === 'lossy').length,
    oneToManyRows: pair.rows.filter((r) => r.cardinality === '1:many').length,
    mappingRequiredRows: pair.rows.filter((r) => r.support !== 'full').length,
    inventoryRows: pair.rows.filter((r) => r.handling !== 'migrate').length,
    customFieldsTotal: [...fieldsPerEntity.values()].reduce((a, b) => a + b, 0),
    customFieldsMaxPerEntity,
    customFieldQuota: plan.customFieldQuota.total,
    customFieldsOverQuota: customFieldsMaxPerEntity > plan.customFieldQuota.total,
    customObjectRecords,
    customModulesAvailable: plan.features.customModules,
    recordsNeedingHigherPlan,
    attachmentsCount: input.attachments.count,
    attachmentsTotalMb: input.attachments.totalMb,
    attachmentsTotalGb: Math.round(attachmentsTotalGb * 100) / 100,
    largestAttachmentMb: input.attachments.largestMb ?? 0,
    fileSizeLimitMb: plan.fileSizeLimitMb,
    storageLimitGb,
    attachmentsOverStorage: attachmentsTotalGb > storageLimitGb,
    attachmentsOverFileLimit: (input.attachments.largestMb ?? 0) > plan.fileSizeLimitMb,
    sourceHasApi: source.channels.api !== null,
    sourceReadsOneRecordPerCall: source.channels.api?.pagination.pageSize === 1,
    exportRequestMinDays: exportWait?.min ?? 0,
    exportRequestMaxDays: exportWait?.max ?? 0,
    workflows: input.workflows,
    deltaWindowHours: input.options.deltaWindowHours ?? 0,
    extraDeltaRuns: input.options.extraDeltaRuns,
    sandboxRehearsals: input.options.sandboxRehearsals,
    extraRehearsals: Math.max(0, input.options.sandboxRehearsals - 1),
    expedited: input.options.expedited,
    hypercareDays: input.options.hypercareDays ?? hypercareFromPair,
    extraHypercareDays: Math.max(0, (input.options.hypercareDays ?? hypercareFromPair) - hypercareFromPair),
    sourceCalls: api.sourceCalls,
    destinationCalls: api.destinationCalls,
    transferHours: api.transferHours,
    transferDays: Math.round((api.transferHours / 24) * 10) / 10,
    bindingPhase: api.binding.phase,
    apiCallsPerHour: plan.apiCallsPerHour,
  };
}

export type BaseFacts = ReturnType<typeof deriveFacts>;

/** Facts known only after the timeline and grades are computed; rules of later passes may read them. */
export interface LaterFacts {
  calendarMinDays: number;
  calendarMaxDays: number;
  overallGrade: string;
}
export type Facts = BaseFacts & LaterFacts;

/** The names a rule may use: checked when rule files load. Kept in sync with deriveFacts by a test. */
export const FACT_NAMES = [
  'source', 'sourceName', 'destination', 'plan', 'planLabel', 'planRank', 'totalRecords', 'largestObjectRecords', 'objectsWithRecords', 'oneToOne',
  'totalObjects', 'compatibilityPercent', 'lossyRows', 'oneToManyRows', 'mappingRequiredRows', 'inventoryRows',
  'customFieldsTotal', 'customFieldsMaxPerEntity', 'customFieldQuota', 'customFieldsOverQuota', 'customObjectRecords',
  'customModulesAvailable', 'recordsNeedingHigherPlan', 'attachmentsCount', 'attachmentsTotalMb', 'attachmentsTotalGb',
  'largestAttachmentMb', 'fileSizeLimitMb', 'storageLimitGb', 'attachmentsOverStorage', 'attachmentsOverFileLimit',
  'sourceHasApi', 'sourceReadsOneRecordPerCall', 'exportRequestMinDays', 'exportRequestMaxDays', 'workflows',
  'deltaWindowHours', 'extraDeltaRuns', 'sandboxRehearsals', 'extraRehearsals', 'expedited', 'hypercareDays',
  'extraHypercareDays', 'sourceCalls', 'destinationCalls', 'transferHours', 'transferDays', 'bindingPhase',
  'apiCallsPerHour', 'calendarMinDays', 'calendarMaxDays', 'overallGrade',
] as const satisfies readonly (keyof Facts)[];
