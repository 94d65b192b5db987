import type { Rec, SandboxField, SandboxState } from './state.ts';

/** The items GET /selector/<name> returns, drawn from the structured parts of the state where they live there. */
export function selectorItems(state: SandboxState, name: string): Rec[] | undefined {
  switch (name) {
    case 'owners':
      return state.users.map((u) => ({ ...u }));
    case 'deal_pipelines':
      return state.pipelines.map((p) => ({ ...p, deal_stages: p.deal_stages.map((s) => ({ ...s })) }));
    case 'deal_stages':
      return state.pipelines.flatMap((p) => p.deal_stages.map((s) => ({ ...s })));
    case 'lifecycle_stages':
      return state.lifecycleStages.map((s) => ({ ...s }));
    case 'contact_statuses':
      return state.contactStatuses.map((s) => ({ ...s }));
    default:
      return state.selectors[name]?.map((s) => ({ ...s, partial: true }));
  }
}

const label = (item: Rec) => String(item.name ?? item.display_name ?? item.currency_code ?? item.id);

/** A field's choices: its own, or the selector list it is drawn from (owners, stages, sources, ...). */
export function fieldChoices(state: SandboxState, field: SandboxField): Rec[] {
  if (!field.choices_from) return field.choices.map((c) => ({ ...c }));
  return (selectorItems(state, field.choices_from) ?? []).map((item, i) => ({
    id: String(item.id),
    value: label(item),
    position: i + 1,
    ...(item.deal_pipeline_id !== undefined ? { deal_pipeline_id: item.deal_pipeline_id } : {}),
  }));
}

/** A field setting as the API shows it: choices resolved, sandbox annotations dropped. */
export function publicField(state: SandboxState, field: SandboxField): Rec {
  const { choices_from: _from, read_only: _ro, ...rest } = field;
  return { ...rest, actionable: !field.read_only, visible: true, choices: fieldChoices(state, field) };
}
