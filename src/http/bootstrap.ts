import type { Db } from '../../db/client.ts';
import { countOrganisations, createOrganisation } from './access/store.ts';

/**
 * On an empty database, creates the first organisation and its admin token, so a fresh install is usable at once.
 * Returns the secret to show once, or null when the database already had an organisation.
 */
export async function ensureFirstOrganisation(db: Db, opts: { secret?: string }) {
  if ((await countOrganisations(db)) > 0) return null;
  const { token, organisation } = await createOrganisation(db, {
    name: 'Default organisation',
    adminEmail: 'admin@ferry.local',
    secret: opts.secret,
  });
  return { token, organisationId: organisation.id };
}
