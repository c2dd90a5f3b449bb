import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { OutputCounts } from '@/server/ml/monitoring/output-bins';
import { datasetVersions } from './datasets';
import { models, modelVersions } from './models';
import { users } from './users';

/** Per-model monitoring and evaluation settings (sensitive attributes, segments; gates later). */
export const modelPolicies = pgTable('model_policies', {
  modelId: uuid('model_id').primaryKey().references(() => models.id),
  /** Columns (model inputs or logged-only context) whose groups get slice reports. */
  sliceColumns: jsonb('slice_columns').$type<string[]>().notNull().default([]),
  goldenDatasetVersionId: uuid('golden_dataset_version_id').references(() => datasetVersions.id),
  /** The golden set's label column (0/1). */
  goldenLabelColumn: text('golden_label_column'),
  /** Sensitive attributes for fairness reports and gates (inputs or logged-only context columns). */
  sensitiveAttributes: jsonb('sensitive_attributes').$type<string[]>().notNull().default([]),
  /** Gates (server/ml/promotion/gates.ts); null = defaults. */
  gates: jsonb('gates'),
  /** Default canary rollout plan for promotion requests. */
  rolloutPlan: jsonb('rollout_plan').$type<{ share: number; minutes: number }[]>(),
  /** Aliases that move only through an approved promotion request (or an admin's break-glass). */
  protectedAliases: jsonb('protected_aliases').$type<string[]>().notNull().default(['production', 'canary']),
  /** Shadow agreement thresholds (server/ml/promotion/shadow-gate.ts); null = defaults. */
  shadowThresholds: jsonb('shadow_thresholds'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * What "normal" looks like for a version: its training data's bins per input (reference
 * deciles / categories), missing shares and ranges, its score distribution on that data, and
 * small samples for exact tests. Windows are compared against it.
 */
export const referenceProfiles = pgTable('reference_profiles', {
  versionId: uuid('version_id').primaryKey().references(() => modelVersions.id),
  datasetVersionId: uuid('dataset_version_id').notNull().references(() => datasetVersions.id),
  rows: integer('rows').notNull(),
  features: jsonb('features').notNull(),
  score: jsonb('score').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Per-minute rollups of the prediction log, per version, route and input feature: counts per
 * reference bin/category, missing, out-of-range and unseen counts. Drift for any window is
 * computed by adding rows here — never by rescanning the raw log.
 */
export const featureRollups = pgTable(
  'feature_rollups',
  {
    versionId: uuid('version_id').notNull().references(() => modelVersions.id),
    route: text('route').notNull(),
    minute: timestamp('minute', { withTimezone: true }).notNull(),
    feature: text('feature').notNull(),
    n: integer('n').notNull(),
    missing: integer('missing').notNull(),
    outOfRange: integer('out_of_range').notNull(),
    unseen: integer('unseen').notNull(),
    counts: jsonb('counts').$type<number[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.route, t.minute, t.feature] }), index('feature_rollups_minute_idx').on(t.minute)],
);

/**
 * The per-minute feature rollups summed per hour (kept by the monitoring pass whenever it
 * re-rolls a minute of that hour). Reports read whole hours here and the window's partial
 * hours from `featureRollups`, with identical sums.
 */
export const featureRollupsHourly = pgTable(
  'feature_rollups_hourly',
  {
    versionId: uuid('version_id').notNull().references(() => modelVersions.id),
    route: text('route').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    feature: text('feature').notNull(),
    n: integer('n').notNull(),
    missing: integer('missing').notNull(),
    outOfRange: integer('out_of_range').notNull(),
    unseen: integer('unseen').notNull(),
    counts: jsonb('counts').$type<number[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.route, t.hour, t.feature] }), index('feature_rollups_hourly_hour_idx').on(t.hour)],
);

/** Per-minute service and score rollups per version and route. */
export const serviceRollups = pgTable(
  'service_rollups',
  {
    modelId: uuid('model_id').notNull().references(() => models.id),
    versionId: uuid('version_id').notNull().references(() => modelVersions.id),
    route: text('route').notNull(),
    minute: timestamp('minute', { withTimezone: true }).notNull(),
    predictions: integer('predictions').notNull(),
    /** Counts per latency bucket (upper bounds in server/ml/monitoring/latency.ts). */
    latency: jsonb('latency').$type<number[]>().notNull(),
    /** Counts and summed scores per score bin (20 equal bins over [0, 1]). */
    scoreCounts: jsonb('score_counts').$type<number[]>().notNull(),
    scoreSums: jsonb('score_sums').$type<number[]>().notNull(),
    scoreSquares: jsonb('score_squares').$type<number[]>().notNull(),
    positives: integer('positives').notNull(),
    /** Non-binary versions: the roll-up of the outputs (server/ml/monitoring/output-bins.ts); null for binary. */
    outputs: jsonb('outputs').$type<OutputCounts>(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.route, t.minute] }), index('service_rollups_model_idx').on(t.modelId, t.minute)],
);

/** Requests refused by serving's validation (and server errors), per model, minute and reason. */
export const servingRejections = pgTable(
  'serving_rejections',
  {
    modelName: text('model_name').notNull(),
    minute: timestamp('minute', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.modelName, t.minute, t.reason] })],
);

/**
 * How far the rollups of a model's log are complete, on INGEST time (predictions.ingested_at):
 * rows that reach Postgres late (a spool replayed after an outage) are still ahead of it.
 */
export const monitorWatermarks = pgTable('monitor_watermarks', {
  modelId: uuid('model_id').primaryKey().references(() => models.id),
  rolledUpTo: timestamp('rolled_up_to', { withTimezone: true }).notNull(),
});

/** The monitoring pass's own health per model: last success, last error, failing since when. */
export const monitorHealth = pgTable('monitor_health', {
  modelId: uuid('model_id').primaryKey().references(() => models.id),
  lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
  lastDurationMs: integer('last_duration_ms'),
  lastError: text('last_error'),
  lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
  /** Set by the first failure after a success, cleared by the next success (the stale alert's clock). */
  failingSince: timestamp('failing_since', { withTimezone: true }),
});

export const ALERT_METRICS = [
  'drift_share',
  'feature_drift',
  'missing_share_increase',
  'out_of_range_share',
  'unseen_share',
  'error_rate',
  'p50_latency_ms',
  'p95_latency_ms',
  'p99_latency_ms',
  'traffic_drop',
  'online_auc_drop',
  'prediction_drift',
  'estimated_accuracy_drop',
  'calibration_gap',
  'canary_regression',
  'monitoring_stale',
  'break_glass',
  'serving_load_failure',
  'retrain_refused',
  'slice_auc_drop',
  'fairness_disparity',
  'online_rmse',
  'online_mae',
  'online_accuracy',
  'online_macro_f1',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export const alertRules = pgTable(
  'alert_rules',
  {
  id: uuid('id').primaryKey().defaultRandom(),
  modelId: uuid('model_id').notNull().references(() => models.id),
  name: text('name').notNull(),
  metric: text('metric', { enum: ALERT_METRICS }).notNull(),
  /** For per-feature metrics: one feature, or null for "any feature". */
  feature: text('feature'),
  direction: text('direction', { enum: ['above', 'below'] }).notNull(),
  threshold: real('threshold').notNull(),
  windowMinutes: integer('window_minutes').notNull(),
  minSamples: integer('min_samples').notNull(),
  severity: text('severity', { enum: ['info', 'warning', 'critical'] }).notNull(),
  enabled: boolean('enabled').notNull().default(true),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // One set of default rules per model, however many passes create them at once.
  (t) => [uniqueIndex('alert_rules_one_default_per_metric').on(t.modelId, t.metric).where(sql`${t.isDefault}`)],
);

export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ruleId: uuid('rule_id').notNull().references(() => alertRules.id),
    modelId: uuid('model_id').notNull().references(() => models.id),
    versionId: uuid('version_id').references(() => modelVersions.id),
    status: text('status', { enum: ['firing', 'resolved'] }).notNull(),
    value: real('value'),
    /** What fired, e.g. the drifted features. */
    detail: jsonb('detail'),
    message: text('message').notNull(),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    ackNote: text('ack_note'),
    /** Until then the alert sends no webhooks and is shown as silenced; it still fires and resolves. */
    silencedUntil: timestamp('silenced_until', { withTimezone: true }),
    silencedBy: uuid('silenced_by').references(() => users.id),
  },
  (t) => [
    index('alerts_model_idx').on(t.modelId, t.firedAt),
    index('alerts_firing_idx').on(t.modelId).where(sql`${t.status} = 'firing'`),
    // At most one firing alert per rule, whatever number of passes run at once.
    uniqueIndex('alerts_one_firing_per_rule').on(t.ruleId).where(sql`${t.status} = 'firing'`),
  ],
);

export const webhooks = pgTable('webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  /** HMAC-SHA256 signing secret (shown once at creation). */
  secret: text('secret').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  webhookId: uuid('webhook_id').notNull().references(() => webhooks.id),
  event: text('event').notNull(),
  payload: jsonb('payload').notNull(),
  /** dead: every attempt failed (a dead letter; "Redeliver" makes it pending again). */
  status: text('status', { enum: ['pending', 'delivered', 'dead'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  /** When the outbox sweeper next hands it to the webhook queue (backoff after a failed attempt). */
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  responseStatus: integer('response_status'),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`), index('webhook_deliveries_webhook_idx').on(t.webhookId, t.id)],
);

export type AlertRule = typeof alertRules.$inferSelect;
export type Alert = typeof alerts.$inferSelect;
