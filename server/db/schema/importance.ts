import { doublePrecision, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { datasetVersions } from './datasets';
import { modelVersions } from './models';
import { users } from './users';

/** One input's permutation importance: the mean drop of the metric when its values are shuffled. */
export interface InputImportance {
  input: string;
  importance: number;
  /** Standard deviation of the drop over the repeats. */
  std: number;
}

/**
 * Global feature importance of a model version, computed on demand (bounded rows, fixed seed) on
 * the model's golden set or, without one, the training run's dataset. One row per version: a
 * recomputation replaces it.
 */
export const versionImportances = pgTable('version_importances', {
  versionId: uuid('version_id').primaryKey().references(() => modelVersions.id),
  datasetVersionId: uuid('dataset_version_id').notNull().references(() => datasetVersions.id),
  /** 'golden' (the model's golden set) or 'training' (the run's dataset). */
  source: text('source', { enum: ['golden', 'training'] }).notNull(),
  labelColumn: text('label_column').notNull(),
  metric: text('metric').notNull(),
  baseline: doublePrecision('baseline').notNull(),
  rows: integer('rows').notNull(),
  repeats: integer('repeats').notNull(),
  seed: integer('seed').notNull(),
  inputs: jsonb('inputs').$type<InputImportance[]>().notNull(),
  computedBy: uuid('computed_by').references(() => users.id),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
});
