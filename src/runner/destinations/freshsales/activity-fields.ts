import type { ActivityEntity, DestinationChoice, DestinationField } from '../../protocol.ts';

type Attribute = { name: string; label: string; type: string; required?: boolean };

const TARGETABLE: Attribute[] = [
  { name: 'targetable_type', label: 'Related to type', type: 'dropdown', required: true },
  { name: 'targetable_id', label: 'Related to', type: 'lookup', required: true },
];

/**
 * Tasks, appointments and notes have no field settings in Freshsales: their fields are the attributes the API
 * documents (freshsales-api.md §3.5–3.7), described here so the transform checks and coerces them like any field.
 * Task types and outcomes are left out: no API lists their ids. Sales activities do have field settings; only their
 * writable attributes are listed, for rollback.
 */
const ATTRIBUTES: Record<ActivityEntity, Attribute[]> = {
  tasks: [
    { name: 'title', label: 'Title', type: 'text', required: true },
    { name: 'description', label: 'Description', type: 'textarea' },
    { name: 'due_date', label: 'Due date', type: 'date_time_split', required: true },
    { name: 'owner_id', label: 'Owner', type: 'dropdown', required: true },
    // 0 open, 1 done: set from the row's status words by the activity transform, never from a choice list.
    { name: 'status', label: 'Status', type: 'number' },
    ...TARGETABLE,
  ],
  appointments: [
    { name: 'title', label: 'Title', type: 'text', required: true },
    { name: 'description', label: 'Description', type: 'textarea' },
    { name: 'from_date', label: 'Start', type: 'date_time_split', required: true },
    { name: 'end_date', label: 'End', type: 'date_time_split', required: true },
    { name: 'time_zone', label: 'Time zone', type: 'text' },
    { name: 'is_allday', label: 'All day', type: 'checkbox' },
    { name: 'location', label: 'Location', type: 'text' },
    { name: 'outcome_id', label: 'Outcome', type: 'dropdown' },
    ...TARGETABLE,
  ],
  sales_activities: [
    { name: 'title', label: 'Title', type: 'text' },
    { name: 'notes', label: 'Notes', type: 'textarea' },
    { name: 'start_date', label: 'Start date', type: 'date_time_split' },
    { name: 'end_date', label: 'End date', type: 'date_time_split' },
    { name: 'sales_activity_type_id', label: 'Activity type', type: 'dropdown' },
    { name: 'sales_activity_outcome_id', label: 'Outcome', type: 'dropdown' },
    { name: 'owner_id', label: 'Owner', type: 'dropdown' },
    { name: 'location', label: 'Location', type: 'text' },
    ...TARGETABLE,
  ],
  notes: [{ name: 'description', label: 'Description', type: 'textarea', required: true }, ...TARGETABLE],
};

const TARGETABLE_TYPES: DestinationChoice[] = ['Contact', 'SalesAccount', 'Deal'].map((value) => ({ id: value, value }));

/** The synthesised fields of an activity without field settings; appointment outcomes are the Meeting type's outcomes. */
export function activityFields(entity: Exclude<ActivityEntity, 'sales_activities'>, meetingOutcomes: DestinationChoice[]): DestinationField[] {
  return ATTRIBUTES[entity].map((a) => ({
    name: a.name,
    label: a.label,
    type: a.type,
    required: a.required === true,
    custom: false,
    choices: a.name === 'targetable_type' ? TARGETABLE_TYPES : a.name === 'outcome_id' ? meetingOutcomes : [],
  }));
}

/** What rollback may write back from an activity's before-image. */
export const activityAttributes = (entity: ActivityEntity): string[] => ATTRIBUTES[entity].map((a) => a.name);
