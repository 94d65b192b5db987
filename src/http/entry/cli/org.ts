// `ferry org …`: operator commands that act on the database named by DATABASE_URL.
import { openNodeDatabase } from '../../../../db/client.node.ts';
import { createOrganisation } from '../../access/store.ts';
import { ConfigError, parseConfig } from '../../config.ts';
import { parseFlags, UsageError, type CliIo } from './command.ts';

export async function orgCommand(command: string | undefined, args: string[], io: CliIo): Promise<number> {
  if (command !== 'create') throw new UsageError(command ? `unknown command "org ${command}"` : 'org: a command is required');
  const { values } = parseFlags(args, { name: { type: 'string' }, 'admin-email': { type: 'string' }, json: { type: 'boolean', default: false } });
  if (!values.name) throw new UsageError('--name is required');
  if (!values['admin-email'] || !/^[^@\s]+@[^@\s]+$/.test(values['admin-email'])) throw new UsageError('--admin-email must be an email address');
  let config;
  try {
    config = parseConfig(io.env);
  } catch (e) {
    throw e instanceof ConfigError ? new UsageError(e.message) : e;
  }
  const { db, close } = await openNodeDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  try {
    const { organisation, token } = await createOrganisation(db, { name: values.name, adminEmail: values['admin-email'] });
    io.stdout.write(
      values.json
        ? JSON.stringify({ organisationId: organisation.id, name: organisation.name, token }) + '\n'
        : `created organisation ${organisation.name} (${organisation.id})\nadmin token, shown only this once:\n  ${token}\n`,
    );
  } finally {
    close();
  }
  return 0;
}
