import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Small operational switches and policies (e.g. the demo traffic switch), changed through audited services. */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
