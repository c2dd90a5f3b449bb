import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { datasetVersions } from './datasets';
import { runs } from './experiments';
import { featureSpecs } from './features';
import { users } from './users';

export const models = pgTable(
  'models',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    description: text('description'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Prefix search (services/search/resolve.ts).
  (t) => [index('models_name_prefix_idx').using('btree', sql`lower(${t.name}) text_pattern_ops`)],
);

/** A registered, immutable model artifact: from a training run, or uploaded (built elsewhere). */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id').notNull().references(() => models.id),
    version: integer('version').notNull(),
    source: text('source', { enum: ['run', 'upload'] }).notNull(),
    runId: uuid('run_id').references(() => runs.id),
    featureSpecId: uuid('feature_spec_id').references(() => featureSpecs.id),
    /** An upload's reference data for drift (a run's is its training dataset version). */
    referenceDatasetVersionId: uuid('reference_dataset_version_id').references(() => datasetVersions.id),
    artifactSha256: text('artifact_sha256').notNull(),
    artifactSize: integer('artifact_size').notNull(),
    /** Inputs and outputs read from the ONNX graph. */
    signature: jsonb('signature').notNull(),
    /** What it predicts, from the graph (server/ml/onnx/signature.ts); one task per model. */
    task: text('task', { enum: ['binary', 'multiclass', 'regression'] }).notNull().default('binary'),
    /** A multiclass version's class names, in the order of its probabilities. */
    classes: jsonb('classes').$type<string[]>(),
    metrics: jsonb('metrics'),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    card: text('card').notNull().default(''),
    /** Intended-use fields of the model card (server/services/models/card-fields.ts). */
    cardFields: jsonb('card_fields').$type<Partial<Record<string, string>>>().notNull().default({}),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('model_versions_model_version_uq').on(t.modelId, t.version), index('model_versions_run_idx').on(t.runId)],
);

export type Model = typeof models.$inferSelect;
export type ModelVersion = typeof modelVersions.$inferSelect;
