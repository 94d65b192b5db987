// `ferry <command>`: operator commands that act on the database named by DATABASE_URL.
import { parseArgs } from 'node:util';
import { openNodeDatabase } from '../../../db/client.node.ts';
import { createOrganisation } from '../access/store.ts';
import { ConfigError, parseConfig } from '../config.ts';

const USAGE = `usage:
  ferry org create --name <organisation> --admin-email <email> [--json]
      Creates an organisation with its first admin token (shown once).`;

function fail(message: string): never {
  process.stderr.write(`ferry: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function orgCreate(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, 'admin-email': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (!values.name) fail('--name is required');
  if (!values['admin-email'] || !/^[^@\s]+@[^@\s]+$/.test(values['admin-email'])) fail('--admin-email must be an email address');
  const config = parseConfig(process.env);
  const { db, close } = await openNodeDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  try {
    const { organisation, token } = await createOrganisation(db, { name: values.name, adminEmail: values['admin-email'] });
    process.stdout.write(
      values.json
        ? JSON.stringify({ organisationId: organisation.id, name: organisation.name, token }) + '\n'
        : `created organisation ${organisation.name} (${organisation.id})\nadmin token, shown only this once:\n  ${token}\n`,
    );
  } finally {
    close();
  }
}

const [group, command, ...rest] = process.argv.slice(2);
try {
  if (group === 'org' && command === 'create') await orgCreate(rest);
  else fail(group ? `unknown command "${[group, command].filter(Boolean).join(' ')}"` : 'no command given');
} catch (e) {
  if (e instanceof ConfigError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) fail(e.message);
  throw e;
}
