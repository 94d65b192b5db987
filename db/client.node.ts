import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createClient } from '@libsql/client';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { createDb, type Db } from './client.ts';

export interface OpenedDatabase {
  db: Db;
  close: () => void;
}

/** Opens the database for the Node runtime and applies every pending migration. */
export async function openNodeDatabase(url: string, authToken?: string): Promise<OpenedDatabase> {
  if (url.startsWith('file:')) {
    // A first start on a fresh clone has no data folder yet.
    mkdirSync(dirname(resolve(url.slice('file:'.length))), { recursive: true });
  }
  const client = createClient({ url, authToken });
  if (url.startsWith('file:')) {
    // WAL lets the API read while a background run writes; busy_timeout rides out short write locks.
    await client.execute('PRAGMA journal_mode=WAL');
    await client.execute('PRAGMA busy_timeout=5000');
    // In WAL mode NORMAL survives a killed process (only an OS crash can drop the newest commits) and spares an
    // fsync per commit, which otherwise dominates every small write.
    await client.execute('PRAGMA synchronous=NORMAL');
  }
  await client.execute('PRAGMA foreign_keys=ON');
  const db = createDb(client);
  await migrate(db, { migrationsFolder: join(import.meta.dirname, 'migrations') });
  return { db, close: () => client.close() };
}
