import type { PlanId } from '../../../../rules/schema/platform.ts';
import type { FixtureField } from './fixture.ts';

/** One stored object as the API returns it (standard fields at top level, custom values under custom_field). */
export type Rec = Record<string, unknown>;

export interface Choice {
  id: string;
  value: string;
  position: number;
}

/** A field setting as GET /settings/<entity>/fields serves it, plus the sandbox annotations of the fixture. */
export interface SandboxField extends Omit<FixtureField, 'choices'> {
  id: string;
  default: boolean;
  required: boolean;
  position: number;
  base_model: string;
  choices: Choice[];
}

export interface SandboxUser {
  id: number;
  display_name: string;
  email: string;
  is_active: boolean;
  work_number: string | null;
  mobile_number: string | null;
}

export interface DealStage {
  id: number;
  name: string;
  position: number;
  deal_pipeline_id: number;
  probability: number;
  forecast_type: 'Open' | 'Won' | 'Lost';
}

export interface DealPipeline {
  id: number;
  name: string;
  position: number;
  is_default: boolean;
  deal_stages: DealStage[];
}

export interface LifecycleStage {
  id: number;
  name: string;
  position: number;
  disabled: boolean;
  default: boolean;
  type: string;
  contact_status_ids: number[];
}

export interface ContactStatus {
  id: number;
  name: string;
  position: number;
  lifecycle_stage_id: number;
}

export interface View {
  id: number;
  name: string;
  kind: string;
  is_default: boolean;
}

/** One record of a bulk upsert, and what became of it once processed (its data is dropped then, to keep the state small). */
export interface JobItem {
  identifier: Record<string, unknown>;
  data?: Rec;
  result?: { status: 'created' | 'updated' | 'failed'; id?: number; errors?: string[] };
}

export interface Job {
  id: number;
  collection: string;
  userId: number;
  createdAt: number;
  durationMs: number;
  statusUpdatedAt: number;
  /** How many items (from the start) have been applied. */
  processed: number;
  items: JobItem[];
}

export interface CustomModule {
  id: number;
  entity_name: string;
  singular_name: string;
  plural_name: string;
  custom: true;
  created_at: string;
}

/**
 * Everything the sandbox account holds. Plain JSON, so it can be dumped, persisted to a state file and reloaded.
 * Rate-limit counters and fault settings are not part of it: they belong to the running process.
 */
export interface SandboxState {
  version: 1;
  plan: PlanId;
  account: { name: string; timeZone: string; utcOffset: string; baseCurrency: string };
  nextId: number;
  /** API key to user id. Sandbox keys only; never a real Freshsales key. */
  apiKeys: Record<string, number>;
  users: SandboxUser[];
  /** Field settings per entity: contacts, sales_accounts, deals, sales_activities, leads and each custom module. */
  fields: Record<string, SandboxField[]>;
  /** Keys an entity accepts on write that are not field settings (email, contacts_added_list, ...). */
  writeOnlyKeys: Record<string, string[]>;
  /** Selector lists other than owners, pipelines, stages, lifecycle stages and contact statuses. */
  selectors: Record<string, Rec[]>;
  pipelines: DealPipeline[];
  lifecycleStages: LifecycleStage[];
  contactStatuses: ContactStatus[];
  views: Record<string, View[]>;
  /** Records per collection (contacts, deals, tasks, custom module entity names, ...), keyed by id. */
  records: Record<string, Record<string, Rec>>;
  /** Contact ids per list id. */
  listMembers: Record<string, number[]>;
  modules: CustomModule[];
  jobs: Record<string, Job>;
}
