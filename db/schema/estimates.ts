import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns.ts';

/** Public quotes: the exact JSON returned at creation, so a later GET answers byte for byte the same. */
export const estimates = sqliteTable('estimates', {
  id: text('id').primaryKey(),
  knowledgeVersion: text('knowledge_version').notNull(),
  body: text('body').notNull(),
  ...createdAt,
});
