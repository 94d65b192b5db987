import { sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns.ts';
import { organisations } from './organisations.ts';

/** A person in an organisation; tokens are issued to users. */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    ...createdAt,
  },
  (t) => [uniqueIndex('users_org_email').on(t.orgId, t.email)],
);
