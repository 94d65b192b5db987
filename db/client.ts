import type { Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from './schema/index.ts';

/** Wraps any libSQL client (file, memory, remote or web) in drizzle; runtime-neutral. */
export const createDb = (client: Client) => drizzle(client, { schema });
export type Db = ReturnType<typeof createDb>;
export { schema };
