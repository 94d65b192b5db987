import { z } from 'zod';
import { Id } from './common.ts';
import { FRESHSALES_FIELD_TYPES, PlanId, SOURCE_FIELD_TYPES } from './platform.ts';

const SourceType = z.enum(SOURCE_FIELD_TYPES);
const FreshsalesType = z.enum(FRESHSALES_FIELD_TYPES);
const Phrase = z.string().min(1);

/**
 * Header spellings that mean a Freshsales standard field, per destination object and field id.
 * Compared after normalising (lower case, letters and digits only), so "E-mail" and "email" are one phrase.
 */
export const FieldSynonyms = z.strictObject({
  objects: z.record(Id, z.record(z.string().min(1), z.array(Phrase).min(1))),
});
export type FieldSynonyms = z.infer<typeof FieldSynonyms>;

/** Which Freshsales field types can hold each source type, and what custom field to create for one. */
export const FieldTypeRules = z.strictObject({
  compatible: z.record(SourceType, z.array(FreshsalesType).min(1)),
  customField: z.record(SourceType, FreshsalesType),
  /** API-name prefix and maximum lengths Freshsales applies to custom fields. */
  customFieldPrefix: z.string().min(1),
  textMaxChars: z.number().int().positive(),
  textareaMaxChars: z.number().int().positive(),
  maxChoices: z.number().int().positive(),
  /** Standard fields Freshsales sets itself; an export's originals go to custom fields instead. */
  readOnlyFields: z.array(z.string().min(1)),
  /** Standard fields that hold several values, so more than one column may feed them. */
  multiValueFields: z.array(z.string().min(1)),
  /** The objects a '*' link (an activity's, a note's or a document's targetable) may point at. */
  targetableObjects: z.array(Id).min(1),
  /** Which field of an object points at which other object; '*' is any record (named by targetable_type). */
  relationshipFields: z.array(z.strictObject({ object: Id, field: z.string().min(1), to: z.union([Id, z.literal('*')]) })),
});
export type FieldTypeRules = z.infer<typeof FieldTypeRules>;

const Stage = z.strictObject({ name: z.string().min(1), kind: z.enum(['open', 'won', 'lost']), probability: z.number().min(0).max(100) });

/**
 * What a new Freshsales account holds before anyone configures it. The proposal maps onto these;
 * preflight checks them against the live account, because an admin may have renamed any of them.
 */
export const FreshsalesDefaults = z.strictObject({
  confirmed: z.boolean(),
  notes: z.string().min(10),
  pipeline: z.strictObject({ name: z.string().min(1), stages: z.array(Stage).min(2) }),
  lifecycleStages: z
    .array(z.strictObject({ name: z.string().min(1), type: z.enum(['Lead', 'Sales Qualified Lead', 'Customer', 'Custom']), statuses: z.array(z.string().min(1)).min(1) }))
    .min(1),
  subscriptionStatuses: z.array(z.strictObject({ value: z.string().min(1), meaning: z.enum(['subscribed', 'unsubscribed', 'not_subscribed', 'bounced', 'spam']) })).min(1),
  /** Freshsales Classic only: the stages of its lead module (lead_stage_id), in order. */
  leadStages: z.array(z.string().min(1)).min(1),
  admin: z.strictObject({ email: z.string().email(), displayName: z.string().min(1) }),
  /**
   * A pair-card destination object this account keeps as another (Suite's leads are contacts): the standard values
   * every record written for it gets, so it lands where the card says.
   */
  standIns: z.array(
    z.strictObject({
      object: Id,
      writtenAs: Id,
      set: z.array(z.strictObject({ field: z.string().min(1), value: z.string().min(1) })).min(1),
      why: z.string().min(10),
    }),
  ),
  /** Source objects written as deals that get a pipeline of their own (on plans with several), their statuses as its stages. */
  dedicatedPipelines: z.array(z.strictObject({ sourceObjects: z.array(Id).min(1), pipeline: z.string().min(1), why: z.string().min(10) })),
});
export type FreshsalesDefaults = z.infer<typeof FreshsalesDefaults>;

/** A source trigger or action kind, recognised by phrases, and the Freshsales workflow feature that replaces it (or none, and why). */
const Equivalent = z.strictObject({
  id: Id,
  label: z.string().min(3),
  match: z.array(Phrase).min(1),
  freshsales: z.strictObject({ feature: z.string().min(3), minPlan: PlanId.optional(), notes: z.string().min(10) }).nullable(),
  why: z.string().min(10),
});

/** Maps source automation trigger and action kinds to Freshsales workflow triggers and actions. */
export const WorkflowEquivalents = z.strictObject({
  triggers: z.array(Equivalent).min(1),
  actions: z.array(Equivalent).min(1),
});
export type WorkflowEquivalents = z.infer<typeof WorkflowEquivalents>;

/** Words in a source value that say which Freshsales value it means, per kind of value map. Matched as whole normalised words. */
export const ValueHints = z.strictObject({
  stage: z.strictObject({ won: z.array(Phrase).min(1), lost: z.array(Phrase).min(1) }),
  lifecycle: z.record(z.string().min(1), z.array(Phrase).min(1)),
  consent: z.record(z.enum(['subscribed', 'unsubscribed', 'not_subscribed', 'bounced', 'spam']), z.array(Phrase).min(1)),
  /** Words that place a source status on a Classic lead stage (FreshsalesDefaults.leadStages). */
  leadStage: z.record(z.string().min(1), z.array(Phrase).min(1)),
});
export type ValueHints = z.infer<typeof ValueHints>;
