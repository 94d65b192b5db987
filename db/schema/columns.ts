import { integer } from 'drizzle-orm/sqlite-core';

/** Creation time in milliseconds, spread into every table. */
export const createdAt = {
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
};
