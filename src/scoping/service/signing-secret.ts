import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { instanceSecrets } from '../../../db/schema/index.ts';

const NAME = 'signoff-links';

/**
 * The key that signs sign-off links: the configured one, else one generated on first use and kept in the database,
 * so links stay valid across restarts and across instances sharing the database.
 */
export async function signingSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const row = await db.query.instanceSecrets.findFirst({ where: eq(instanceSecrets.name, NAME) });
  if (row) return row.value;
  const value = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  // Two instances racing here both insert-or-ignore, then both read the winner.
  await db.insert(instanceSecrets).values({ name: NAME, value, createdAt: new Date() }).onConflictDoNothing();
  return (await db.query.instanceSecrets.findFirst({ where: eq(instanceSecrets.name, NAME) }))!.value;
}
