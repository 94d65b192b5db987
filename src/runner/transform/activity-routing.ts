import routingJson from '../../../rules/runner/activity-routing.json' with { type: 'json' };
import { ActivityRouting } from '../../../rules/schema/runner.ts';
import type { ActivityEntity } from '../protocol.ts';

function parseRouting(data: unknown): ActivityRouting {
  const r = ActivityRouting.safeParse(data);
  if (!r.success) throw new Error(`rules/runner/activity-routing.json is invalid: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** The routing table, validated once when this module loads. */
export const activityRouting = parseRouting(routingJson);

/** The text attribute of each activity kind: labelled lines and Ferry's marker go there (sales activities call it notes). */
export const ACTIVITY_TEXT_FIELD: Record<ActivityEntity, string> = { tasks: 'description', appointments: 'description', sales_activities: 'notes', notes: 'description' };

/**
 * Activities take no custom fields (sales activities only those an admin adds), so the provenance custom field has no
 * home: the source id travels as the last line of the record's text instead. It also lets a retried write find a
 * record an earlier attempt created.
 */
export const activityMarker = (sourceId: string) => `Ferry source id: ${sourceId}`;
