import { bigint, bigserial, boolean, doublePrecision, index, integer, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { models, modelVersions } from './models';
import { users } from './users';

export const SYSTEM_ALIASES = ['production', 'canary', 'shadow'] as const;

/**
 * Where each alias of a model points. Moving an alias is the only way traffic changes; every
 * move writes alias_moves and an audit event in the same transaction, and NOTIFYs serving.
 */
export const aliases = pgTable(
  'aliases',
  {
    modelId: uuid('model_id').notNull().references(() => models.id),
    name: text('name').notNull(),
    versionId: uuid('version_id').references(() => modelVersions.id),
    /** For `canary`: the share of requests it answers, in [0, 1]. */
    share: real('share').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.name] })],
);

export const ALIAS_MOVE_KINDS = ['promote', 'rollback', 'auto_rollback', 'move'] as const;

export const aliasMoves = pgTable(
  'alias_moves',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    modelId: uuid('model_id').notNull().references(() => models.id),
    alias: text('alias').notNull(),
    fromVersionId: uuid('from_version_id').references(() => modelVersions.id),
    toVersionId: uuid('to_version_id').references(() => modelVersions.id),
    share: real('share').notNull().default(0),
    kind: text('kind', { enum: ALIAS_MOVE_KINDS }).notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    actorLabel: text('actor_label').notNull(),
    reason: text('reason'),
    /** An admin moved a protected alias directly, outside the promotion workflow. */
    breakGlass: boolean('break_glass').notNull().default(false),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('alias_moves_model_idx').on(t.modelId, t.alias, t.id)],
);

/**
 * Versions rolled back from, per alias: rollback never returns to them, and they come back only
 * through a new approved promotion request (whose completion clears the mark).
 */
export const aliasBadVersions = pgTable(
  'alias_bad_versions',
  {
    modelId: uuid('model_id').notNull().references(() => models.id),
    alias: text('alias').notNull(),
    versionId: uuid('version_id').notNull().references(() => modelVersions.id),
    moveId: bigint('move_id', { mode: 'number' }).references(() => aliasMoves.id),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'alias_bad_versions_pk', columns: [t.modelId, t.alias, t.versionId] })],
);

/**
 * Keys for prediction clients (not users): stored as SHA-256, shown once, scoped to models
 * (or all models), revocable, with a last-used time.
 */
export const servingKeys = pgTable('serving_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  prefix: text('prefix').notNull().unique(),
  secretHash: text('secret_hash').notNull(),
  allModels: boolean('all_models').notNull().default(false),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export const servingKeyModels = pgTable(
  'serving_key_models',
  {
    keyId: uuid('key_id').notNull().references(() => servingKeys.id),
    modelId: uuid('model_id').notNull().references(() => models.id),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.modelId] })],
);

/** Labels that arrive later for logged predictions (feedback API), joined by prediction id. */
export const predictionFeedback = pgTable(
  'prediction_feedback',
  {
    predictionId: uuid('prediction_id').primaryKey(),
    /** The prediction's time: with the id it is the prediction log's key (partitioned by time). */
    predictionTs: timestamp('prediction_ts', { withTimezone: true }).notNull(),
    modelId: uuid('model_id').notNull().references(() => models.id),
    versionId: uuid('version_id').notNull().references(() => modelVersions.id),
    /** Binary 0/1; regression the observed value; multiclass the true class's index in the version's classes. */
    label: doublePrecision('label').notNull(),
    /** The prediction's primary value (server/scoring/task-outputs.ts primaryValue), copied so online performance needs only this table. */
    score: doublePrecision('score').notNull(),
    /** Multiclass: the true class's name (label holds its index). */
    labelClass: text('label_class'),
    /** Multiclass: the index of the class the version predicted. */
    predictedClass: integer('predicted_class'),
    route: text('route').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** The serving key that wrote the current label (null: written before keys were recorded). */
    keyId: uuid('key_id').references(() => servingKeys.id),
    /** Set when a label was replaced by an explicit overwrite. */
    overwrittenAt: timestamp('overwritten_at', { withTimezone: true }),
  },
  (t) => [index('prediction_feedback_model_idx').on(t.modelId, t.predictionTs)],
);

/** Prediction records Postgres refused, kept with its reason (the rest of the log ships on). */
export const predictionQuarantine = pgTable(
  'prediction_quarantine',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    instance: text('instance').notNull(),
    segment: text('segment').notNull(),
    line: integer('line').notNull(),
    modelId: uuid('model_id'),
    recordId: uuid('record_id'),
    reason: text('reason').notNull(),
    raw: text('raw').notNull(),
    quarantinedAt: timestamp('quarantined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('prediction_quarantine_line_idx').on(t.instance, t.segment, t.line), index('prediction_quarantine_model_idx').on(t.modelId, t.quarantinedAt)],
);

/** Versions a serving instance could not load for an alias, with the reason (cleared once it loads). */
export const servingLoadFailures = pgTable(
  'serving_load_failures',
  {
    instance: text('instance').notNull(),
    modelId: uuid('model_id').notNull().references(() => models.id),
    alias: text('alias').notNull(),
    versionId: uuid('version_id').notNull().references(() => modelVersions.id),
    version: integer('version').notNull(),
    reason: text('reason').notNull(),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull().defaultNow(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.instance, t.modelId, t.alias] })],
);

export type Alias = typeof aliases.$inferSelect;
export type AliasMove = typeof aliasMoves.$inferSelect;
