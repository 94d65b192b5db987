import { z } from 'zod';
import type { FreshsalesDefaults } from '../../../../rules/schema/scoping.ts';
import type { PlanId } from '../../../../rules/schema/platform.ts';
import { addCustomField, baseModel, CustomFieldInput } from './custom-fields.ts';
import type { AccountFixture } from './fixture.ts';
import { fieldId, FIRST_ID, takeId } from './ids.ts';
import { freshsalesPlan } from './plans.ts';
import type { DealPipeline, SandboxState, SandboxUser } from './state.ts';

export const UserInput = z.strictObject({
  display_name: z.string().min(1),
  email: z.string().email(),
  is_active: z.boolean().optional(),
  work_number: z.string().nullable().optional(),
  mobile_number: z.string().nullable().optional(),
});
export type UserInput = z.infer<typeof UserInput>;

const StageInput = z.strictObject({ name: z.string().min(1), kind: z.enum(['open', 'won', 'lost']).optional(), probability: z.number().min(0).max(100).optional() });
const PipelineInput = z.strictObject({ name: z.string().min(1), stages: z.array(StageInput).min(1) });

/** What tests add on top of the fixture: custom fields, users, extra pipelines, selector entries (territories, campaigns, ...). */
export const SandboxSeed = z.strictObject({
  fields: z.array(CustomFieldInput.extend({ entity: z.string().min(1) })).optional(),
  users: z.array(UserInput).optional(),
  pipelines: z.array(PipelineInput).optional(),
  selectors: z.record(z.string(), z.array(z.looseObject({ name: z.string().min(1) }))).optional(),
});
export type SandboxSeed = z.infer<typeof SandboxSeed>;

export function addUser(state: SandboxState, input: UserInput): SandboxUser {
  const email = input.email.toLowerCase();
  if (state.users.some((u) => u.email === email)) throw new Error(`a user with email ${email} already exists`);
  const user: SandboxUser = {
    id: takeId(state),
    display_name: input.display_name,
    email,
    is_active: input.is_active ?? true,
    work_number: input.work_number ?? null,
    mobile_number: input.mobile_number ?? null,
  };
  state.users.push(user);
  return user;
}

const FORECAST = { open: 'Open', won: 'Won', lost: 'Lost' } as const;

function addPipeline(state: SandboxState, input: z.infer<typeof PipelineInput>): DealPipeline {
  if (state.pipelines.length > 0 && !freshsalesPlan(state.plan).features.multiplePipelines) {
    throw new Error(`pipeline "${input.name}": the ${state.plan} plan allows one deal pipeline`);
  }
  const id = takeId(state);
  const pipeline: DealPipeline = {
    id,
    name: input.name,
    position: state.pipelines.length + 1,
    is_default: state.pipelines.length === 0,
    deal_stages: input.stages.map((s, i) => ({
      id: takeId(state),
      name: s.name,
      position: i + 1,
      deal_pipeline_id: id,
      probability: s.probability ?? 0,
      forecast_type: FORECAST[s.kind ?? 'open'],
    })),
  };
  state.pipelines.push(pipeline);
  return pipeline;
}

/**
 * A fresh account: the fixture's field settings, selectors and views, plus pipeline, lifecycle stages, statuses,
 * subscription statuses and admin from the shared defaults; then the seed on top. Ids come from one counter, so the
 * same inputs always give the same state.
 */
export function buildState(input: { plan: PlanId; account: AccountFixture; defaults: FreshsalesDefaults; apiKey: string; seed?: SandboxSeed }): SandboxState {
  const { account, defaults } = input;
  const state: SandboxState = {
    version: 1,
    plan: input.plan,
    account: { ...account.account },
    nextId: FIRST_ID,
    apiKeys: {},
    users: [],
    fields: {},
    writeOnlyKeys: structuredClone(account.writeOnlyKeys),
    selectors: {},
    pipelines: [],
    lifecycleStages: [],
    contactStatuses: [],
    views: {},
    records: {},
    listMembers: {},
    modules: [],
    jobs: {},
  };
  const admin = addUser(state, { display_name: defaults.admin.displayName, email: defaults.admin.email });
  state.apiKeys[input.apiKey] = admin.id;

  addPipeline(state, defaults.pipeline);
  defaults.lifecycleStages.forEach((ls, i) => {
    const stage = { id: takeId(state), name: ls.name, position: i + 1, disabled: false, default: true, type: ls.type, contact_status_ids: [] as number[] };
    state.lifecycleStages.push(stage);
    ls.statuses.forEach((name, j) => {
      const status = { id: takeId(state), name, position: j + 1, lifecycle_stage_id: stage.id };
      state.contactStatuses.push(status);
      stage.contact_status_ids.push(status.id);
    });
  });
  state.selectors.subscription_statuses = defaults.subscriptionStatuses.map((s, i) => ({ id: takeId(state), name: s.value, position: i + 1 }));

  const byName = new Map<string, number>();
  for (const [name, items] of Object.entries(account.selectors)) {
    state.selectors[name] = items.map((item, i) => {
      const id = takeId(state);
      if (name === 'sales_activity_types' && typeof item.name === 'string') byName.set(item.name, id);
      return { id, ...item, position: i + 1 };
    });
  }
  // Outcomes name their activity type in the fixture; the API gives its id.
  state.selectors.sales_activity_outcomes = (state.selectors.sales_activity_outcomes ?? []).map(({ sales_activity_type, ...o }) => {
    const typeId = byName.get(String(sales_activity_type));
    if (typeId === undefined) throw new Error(`account fixture: outcome "${String(o.name)}" names unknown activity type "${String(sales_activity_type)}"`);
    return { ...o, sales_activity_type_id: typeId };
  });

  for (const [entity, fields] of Object.entries(account.fields)) {
    state.fields[entity] = fields.map(({ choices, ...f }, i) => ({
      ...f,
      id: fieldId(entity, f.name),
      default: true,
      required: f.required ?? false,
      position: i + 1,
      base_model: baseModel(entity),
      choices: (choices ?? []).map((value, j) => ({ id: String(takeId(state)), value, position: j + 1 })),
    }));
  }
  for (const [entity, views] of Object.entries(account.views)) {
    state.views[entity] = views.map((v) => ({ id: takeId(state), name: v.name, kind: v.kind, is_default: v.is_default ?? false }));
  }

  const seed = input.seed ?? {};
  for (const u of seed.users ?? []) addUser(state, u);
  for (const p of seed.pipelines ?? []) addPipeline(state, p);
  for (const [name, items] of Object.entries(seed.selectors ?? {})) {
    const list = (state.selectors[name] ??= []);
    for (const item of items) list.push({ id: takeId(state), ...item, position: list.length + 1 });
  }
  for (const { entity, ...f } of seed.fields ?? []) addCustomField(state, entity, f);
  return state;
}
