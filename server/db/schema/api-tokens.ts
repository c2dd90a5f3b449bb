import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * Personal API tokens for the console API (the `vigil` CLI, CI/CD scripts). A token acts as its
 * user, with the user's current role. Only a SHA-256 of the secret is stored; the token is
 * shown once. (Prediction clients use model-scoped serving keys instead; see ARCHITECTURE.md.)
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id),
    name: text('name').notNull(),
    /** Public part of the token, for lookup and for recognising it in lists. */
    prefix: text('prefix').notNull().unique(),
    secretHash: text('secret_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** Past this the token answers 401 "expired"; chosen at creation (default 90 days). */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

export type ApiToken = typeof apiTokens.$inferSelect;
