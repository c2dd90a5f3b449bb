// The prediction log. It is partitioned by day (range on `ts`), which drizzle-kit cannot
// express, so it is created by a hand-written migration (0004) and described here for typed
// queries only; it is deliberately not exported from schema/index.ts (drizzle-kit would try to
// create it as a plain table). High-volume inserts go through COPY (server/serving/log-shipper.ts).
import { jsonb, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const predictions = pgTable('predictions', {
  id: uuid('id').notNull(),
  ts: timestamp('ts', { withTimezone: true }).notNull(),
  modelId: uuid('model_id').notNull(),
  versionId: uuid('version_id').notNull(),
  /** production | canary | shadow | explicit | batch */
  route: text('route').notNull(),
  inputs: jsonb('inputs').notNull(),
  outputs: jsonb('outputs').notNull(),
  latencyMs: real('latency_ms').notNull(),
  requestKey: text('request_key'),
  context: jsonb('context'),
  /** When the row reached Postgres (default now()); the rollup watermark is on this time. */
  ingestedAt: timestamp('ingested_at', { withTimezone: true }).notNull().defaultNow(),
});

export type PredictionRow = typeof predictions.$inferSelect;
