import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { datasetVersions } from './datasets';

/** A fitted feature spec, versioned by the SHA-256 of its canonical JSON (server/ml/features/hash.ts). */
export const featureSpecs = pgTable('feature_specs', {
  id: uuid('id').primaryKey().defaultRandom(),
  sha256: text('sha256').notNull().unique(),
  spec: jsonb('spec').notNull(),
  /** The dataset version whose rows the statistics were fitted on. */
  fittedOnDatasetVersionId: uuid('fitted_on_dataset_version_id').references(() => datasetVersions.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type FeatureSpecRow = typeof featureSpecs.$inferSelect;
