import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Vigil's record of a background job (the BullMQ job id is this id). BullMQ holds delivery
 * state in Redis; this table holds what users see and keep: status, progress, error, logs.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    queue: text('queue').notNull(),
    /** Human label, e.g. "train gbdt on loans@3f2a…". */
    title: text('title').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
    progress: real('progress').notNull().default(0),
    payload: jsonb('payload').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    cancelRequestedAt: timestamp('cancel_requested_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('jobs_created_idx').on(t.createdAt), index('jobs_target_idx').on(t.targetType, t.targetId), index('jobs_active_idx').on(t.createdAt).where(sql`${t.status} IN ('queued', 'running')`)],
);

export const jobLogs = pgTable(
  'job_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: uuid('job_id').notNull().references(() => jobs.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    level: text('level', { enum: ['info', 'warn', 'error'] }).notNull().default('info'),
    message: text('message').notNull(),
    data: jsonb('data'),
  },
  (t) => [index('job_logs_job_idx').on(t.jobId, t.id)],
);

export type Job = typeof jobs.$inferSelect;
