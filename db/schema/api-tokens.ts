import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ROLES } from '../../src/http/access/roles.ts';
import { createdAt } from './columns.ts';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

/** API tokens: only the SHA-256 of the secret is stored; `prefix` lets a person tell tokens apart. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => organisations.id),
    userId: text('user_id').notNull().references(() => users.id),
    role: text('role', { enum: ROLES }).notNull(),
    label: text('label').notNull(),
    prefix: text('prefix').notNull(),
    hash: text('hash').notNull(),
    ...createdAt,
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.hash), index('api_tokens_org').on(t.orgId)],
);
