import { eq } from 'drizzle-orm';
import type { Db } from './client.ts';
import { instanceSecrets } from './schema/index.ts';

/**
 * A named secret of this Ferry instance: generated on first use and kept in the database, so it survives restarts and
 * is shared by every instance on the same database.
 */
export async function instanceSecret(db: Db, name: string): Promise<string> {
  const row = await db.query.instanceSecrets.findFirst({ where: eq(instanceSecrets.name, name) });
  if (row) return row.value;
  const value = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  // Two instances racing here both insert-or-ignore, then both read the winner.
  await db.insert(instanceSecrets).values({ name, value, createdAt: new Date() }).onConflictDoNothing();
  return (await db.query.instanceSecrets.findFirst({ where: eq(instanceSecrets.name, name) }))!.value;
}
