// Retraining: one policy per model (engineers propose, approvers or admins enable) and every
// attempt the policy made, with its trigger, data, run, evaluation, decision and reason.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { datasetVersions } from './datasets';
import { jobs } from './jobs';
import { alertRules } from './monitoring';
import { models, modelVersions } from './models';
import { evaluations, promotionRequests } from './promotions';
import { runs } from './experiments';
import { users } from './users';

export const retrainPolicies = pgTable('retrain_policies', {
  id: uuid('id').primaryKey().defaultRandom(),
  modelId: uuid('model_id').notNull().unique().references(() => models.id),
  /** proposed → enabled (by an approver or admin) → disabled; a changed proposal goes back to proposed. */
  status: text('status', { enum: ['proposed', 'enabled', 'disabled'] }).notNull().default('proposed'),
  /** Where the training data comes from: a chosen dataset version, or built from the prediction log. */
  dataSource: text('data_source', { enum: ['dataset', 'predictions'] }).notNull().default('dataset'),
  /** The training data when dataSource is `dataset`. */
  datasetVersionId: uuid('dataset_version_id').references(() => datasetVersions.id),
  /** From predictions: labelled predictions of the last windowDays days before the trigger. */
  windowDays: integer('window_days'),
  /** From predictions: the incumbent's training rows first, then the labelled predictions. */
  appendToIncumbent: boolean('append_to_incumbent').notNull().default(false),
  /** From predictions: also take rows scored by batch jobs (route `batch`), not only live traffic. */
  includeBatch: boolean('include_batch').notNull().default(false),
  /** Validation = the latest X % of rows by prediction time instead of a random split; null: random. */
  outOfTimeValidationPct: integer('out_of_time_validation_pct'),
  /** A candidate that passes every gate starts its canary rollout at once (the enabling approver is the second pair of eyes). */
  autoPromote: boolean('auto_promote').notNull().default(false),
  /** Overrides of the incumbent's trainer and params; null: the incumbent's. */
  trainer: text('trainer'),
  params: jsonb('params').$type<Record<string, unknown>>(),
  /** Five-field cron (UTC) for scheduled retrains; null: no schedule. */
  scheduleCron: text('schedule_cron'),
  /** Retrain when this alert rule (of the same model) starts firing; null: no alert trigger. */
  onAlertRuleId: uuid('on_alert_rule_id').references(() => alertRules.id),
  cooldownMinutes: integer('cooldown_minutes').notNull().default(60),
  maxPerDay: integer('max_per_day').notNull().default(4),
  minLabelledRows: integer('min_labelled_rows').notNull().default(100),
  proposedBy: uuid('proposed_by').notNull().references(() => users.id),
  enabledBy: uuid('enabled_by').references(() => users.id),
  enabledAt: timestamp('enabled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type RetrainPolicy = typeof retrainPolicies.$inferSelect;

export const RETRAIN_STAGES = ['queued', 'building', 'training', 'registering', 'evaluating', 'deciding', 'done'] as const;

export const retrainAttempts = pgTable(
  'retrain_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id').notNull().references(() => models.id),
    policyId: uuid('policy_id').notNull().references(() => retrainPolicies.id),
    trigger: text('trigger', { enum: ['manual', 'schedule', 'alert'] }).notNull(),
    triggeredBy: uuid('triggered_by').references(() => users.id),
    /** running until decided; then refused (a gate failed), requested (a promotion request was made) or failed (the pipeline broke). */
    status: text('status', { enum: ['running', 'refused', 'requested', 'failed'] }).notNull().default('running'),
    stage: text('stage', { enum: RETRAIN_STAGES }).notNull().default('queued'),
    /** Null until the pipeline has built the data from predictions. */
    datasetVersionId: uuid('dataset_version_id').references(() => datasetVersions.id),
    labelledRows: integer('labelled_rows').notNull(),
    /** Data built from predictions: window, versions, routes, rows, golden rows left out (see prediction-dataset.ts). */
    dataLineage: jsonb('data_lineage'),
    incumbentVersionId: uuid('incumbent_version_id').notNull().references(() => modelVersions.id),
    runId: uuid('run_id').references(() => runs.id),
    candidateVersionId: uuid('candidate_version_id').references(() => modelVersions.id),
    evaluationId: uuid('evaluation_id').references(() => evaluations.id),
    promotionRequestId: uuid('promotion_request_id').references(() => promotionRequests.id),
    jobId: uuid('job_id').references(() => jobs.id),
    /** The golden-set leakage check by row hash (server/ml/data/row-hash.ts), before training. */
    leakage: jsonb('leakage'),
    /** One sentence: why refused, requested or failed. */
    reason: text('reason'),
    /** The decision's evidence: failing gates with candidate and incumbent figures, validation scores. */
    report: jsonb('report'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    // One at a time per model, decided by the database.
    uniqueIndex('retrain_attempts_one_running_idx').on(t.modelId).where(sql`${t.status} = 'running'`),
    index('retrain_attempts_model_created_idx').on(t.modelId, t.createdAt),
  ],
);

export type RetrainAttempt = typeof retrainAttempts.$inferSelect;
