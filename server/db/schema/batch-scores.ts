import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { datasetVersions } from './datasets';
import { jobs } from './jobs';
import { modelVersions } from './models';
import { users } from './users';

/** A batch scoring of a dataset version by a model version (worker job); its rows are logged as route `batch`. */
export const batchScores = pgTable('batch_scores', {
  id: uuid('id').primaryKey().defaultRandom(),
  modelVersionId: uuid('model_version_id').notNull().references(() => modelVersions.id),
  datasetVersionId: uuid('dataset_version_id').notNull().references(() => datasetVersions.id),
  jobId: uuid('job_id').references(() => jobs.id),
  status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] }).notNull().default('queued'),
  rowsScored: integer('rows_scored'),
  rowsSkipped: integer('rows_skipped'),
  /** The result CSV (input columns + score + label + prediction_id) in the artifact store. */
  resultSha256: text('result_sha256'),
  error: text('error'),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

export type BatchScore = typeof batchScores.$inferSelect;
