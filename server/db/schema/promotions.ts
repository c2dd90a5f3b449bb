import { sql } from 'drizzle-orm';
import { bigserial, index, uniqueIndex, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { datasetVersions } from './datasets';
import { jobs } from './jobs';
import { models, modelVersions } from './models';
import { users } from './users';

/** An offline evaluation of a candidate (and the incumbent) on the model's golden set. */
export const evaluations = pgTable(
  'evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id').notNull().references(() => models.id),
    candidateVersionId: uuid('candidate_version_id').notNull().references(() => modelVersions.id),
    incumbentVersionId: uuid('incumbent_version_id').references(() => modelVersions.id),
    goldenDatasetVersionId: uuid('golden_dataset_version_id').notNull().references(() => datasetVersions.id),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed'] }).notNull().default('queued'),
    /** Metrics, curves, confusion matrices, fairness reports of both versions, and the gates. */
    result: jsonb('result'),
    verdict: text('verdict', { enum: ['pass', 'fail', 'pending'] }),
    error: text('error'),
    jobId: uuid('job_id').references(() => jobs.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('evaluations_candidate_idx').on(t.candidateVersionId, t.createdAt)],
);

export const PROMOTION_STATUSES = ['pending', 'approved', 'rejected', 'rolling_out', 'completed', 'rolled_back', 'stale', 'cancelled'] as const;

/** A request to move a version to production (through a canary rollout) or to canary. */
export const promotionRequests = pgTable(
  'promotion_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id').notNull().references(() => models.id),
    candidateVersionId: uuid('candidate_version_id').notNull().references(() => modelVersions.id),
    incumbentVersionId: uuid('incumbent_version_id').references(() => modelVersions.id),
    target: text('target', { enum: ['production', 'canary'] }).notNull(),
    note: text('note').notNull(),
    status: text('status', { enum: PROMOTION_STATUSES }).notNull().default('pending'),
    evaluationId: uuid('evaluation_id').references(() => evaluations.id),
    /** Rollout steps: share of traffic and minutes at each. */
    plan: jsonb('plan').$type<{ share: number; minutes: number }[]>().notNull(),
    currentStep: integer('current_step').notNull().default(-1),
    stepStartedAt: timestamp('step_started_at', { withTimezone: true }),
    requestedBy: uuid('requested_by').notNull().references(() => users.id),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionComment: text('decision_comment'),
    overrideReason: text('override_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('promotion_requests_model_idx').on(t.modelId, t.createdAt),
    // One open request per model, enforced by the database (two concurrent requests → one).
    index('promotion_requests_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`),
    uniqueIndex('promotion_requests_one_open_idx').on(t.modelId).where(sql`${t.status} IN ('pending', 'approved', 'rolling_out')`),
  ],
);

/** Every step and decision of a request, in order (the request page's timeline). */
export const promotionEvents = pgTable(
  'promotion_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: uuid('request_id').notNull().references(() => promotionRequests.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    kind: text('kind').notNull(),
    actorLabel: text('actor_label').notNull(),
    detail: jsonb('detail'),
  },
  (t) => [index('promotion_events_request_idx').on(t.requestId, t.id)],
);

export type Evaluation = typeof evaluations.$inferSelect;
export type PromotionRequest = typeof promotionRequests.$inferSelect;
