import { quotaBucket } from '../../../scoping/mapping/quota.ts';
import { customFieldName as deriveName } from '../../../scoping/text.ts';
import { z } from 'zod';
import { fieldTypeRules } from './fixture.ts';
import { fieldId, takeId } from './ids.ts';
import { freshsalesPlan } from './plans.ts';
import { SandboxError } from './sandbox-error.ts';
import type { SandboxField, SandboxState } from './state.ts';

/** The custom field types an admin can create in the UI (Text field, Text area, Number, Dropdown, Radio, Checkbox, Date, Multi-select, Lookup, Formula). */
const CUSTOM_TYPES = ['text', 'textarea', 'number', 'dropdown', 'radio', 'checkbox', 'date', 'multi_select_dropdown', 'lookup', 'formula'] as const;

const WITH_CHOICES = new Set(['dropdown', 'radio', 'multi_select_dropdown']);

export const CustomFieldInput = z.strictObject({
  label: z.string().min(1).max(255),
  type: z.enum(CUSTOM_TYPES),
  choices: z.array(z.string().min(1)).optional(),
  required: z.boolean().optional(),
});
export type CustomFieldInput = z.infer<typeof CustomFieldInput>;

/** The API name Freshsales derives from a label (the same rule the scoping engine proposes names by). */
export const customFieldName = (label: string) => deriveName('cf_', label);

const BASE_MODEL: Record<string, string> = {
  contacts: 'Contact', sales_accounts: 'SalesAccount', deals: 'Deal', sales_activities: 'SalesActivity', leads: 'Lead',
};
export const baseModel = (entity: string) => BASE_MODEL[entity] ?? entity;

/** Adds a custom field as an admin would in the UI, enforcing the plan's per-entity quota; the public API cannot do this. */
export function addCustomField(state: SandboxState, entity: string, input: CustomFieldInput): SandboxField {
  const fields = state.fields[entity];
  if (!fields) throw new SandboxError(400, [`Unknown entity "${entity}": expected one of ${Object.keys(state.fields).join(', ')}`]);
  const name = customFieldName(input.label);
  if (name === 'cf_') throw new SandboxError(400, [`Label "${input.label}" gives no usable field name`]);
  if (fields.some((f) => f.name === name)) throw new SandboxError(400, [`Field ${name} already exists on ${entity}`]);
  const choices = input.choices ?? [];
  if (WITH_CHOICES.has(input.type) && choices.length === 0) throw new SandboxError(400, [`Field ${name}: a ${input.type} needs choices`]);
  if (!WITH_CHOICES.has(input.type) && choices.length > 0) throw new SandboxError(400, [`Field ${name}: a ${input.type} takes no choices`]);
  if (choices.length > fieldTypeRules.maxChoices) throw new SandboxError(400, [`Field ${name}: at most ${fieldTypeRules.maxChoices} choices`]);

  const quota = freshsalesPlan(state.plan).customFieldQuota;
  const custom = fields.filter((f) => !f.default);
  const key = quotaBucket(input.type);
  const sameKind = custom.filter((f) => quotaBucket(f.type) === key).length;
  if (custom.length + 1 > quota.total) throw new SandboxError(403, [`Custom field limit reached on ${entity}: the ${state.plan} plan allows ${quota.total}`]);
  if (sameKind + 1 > (quota.byType[key] ?? 0)) {
    throw new SandboxError(403, [`Custom ${input.type} field limit reached on ${entity}: the ${state.plan} plan allows ${quota.byType[key] ?? 0}`]);
  }
  const field: SandboxField = {
    id: fieldId(entity, name),
    name,
    label: input.label,
    type: input.type,
    default: false,
    required: input.required ?? false,
    position: fields.length + 1,
    base_model: baseModel(entity),
    choices: choices.map((value, i) => ({ id: String(takeId(state)), value, position: i + 1 })),
  };
  fields.push(field);
  return field;
}
