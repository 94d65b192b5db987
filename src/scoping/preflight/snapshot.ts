import type { DestinationPlatform } from '../../../rules/schema/platform.ts';
import type { FreshsalesClient } from '../../runner/destinations/freshsales/client.ts';
import { onEdition, type Edition } from '../editions.ts';
import { SETTINGS_ENTITY } from '../setup/checklist.ts';
import type { AccountSnapshot } from './preflight.ts';

/**
 * Reads what preflight compares against: field settings per entity, users, pipelines with stages, lifecycle stages
 * with statuses. Objects the account's edition lacks (leads on Suite) have no settings to read.
 */
export async function readAccount(client: FreshsalesClient, account: { destination: DestinationPlatform; edition: Edition }): Promise<AccountSnapshot> {
  const fields: AccountSnapshot['fields'] = {};
  const kept = (object: string) => {
    const o = account.destination.objects.find((x) => x.id === object);
    return !o || onEdition(o, account.edition);
  };
  for (const entity of Object.entries(SETTINGS_ENTITY).filter(([object]) => kept(object)).map(([, entity]) => entity))
    fields[entity] = (await client.fieldSettings(entity)).map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      custom: f.default === false || f.name.startsWith('cf_'),
      choices: f.choices.map((c) => c.value),
    }));
  const [users, pipelines, stages, statuses] = [await client.owners(), await client.pipelines(), await client.lifecycleStages(), await client.contactStatuses()];
  return {
    fields,
    users: users.map((u) => ({ email: u.email, active: u.is_active !== false })),
    pipelines: pipelines.map((p) => ({ name: p.name, stages: p.deal_stages.map((s) => s.name) })),
    lifecycleStages: stages.map((l) => ({ name: l.name, statuses: statuses.filter((s) => s.lifecycle_stage_id === l.id || l.contact_status_ids.includes(s.id)).map((s) => s.name) })),
  };
}
