import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { datasetVersions } from './datasets';
import { featureSpecs } from './features';
import { jobs } from './jobs';
import { users } from './users';

export const experiments = pgTable('experiments', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  description: text('description'),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** builtin: trained by Vigil's workers; external: trained elsewhere and recorded over the REST API. */
export const RUN_SOURCES = ['builtin', 'external'] as const;
/** What a run trains; the worker picks the training path by it (migration 0031). */
export const RUN_TASKS = ['binary', 'multiclass', 'regression'] as const;
export type RunTask = (typeof RUN_TASKS)[number];

/** One training run: its full lineage (inputs) and results (outputs). */
export const runs = pgTable(
  'runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    experimentId: uuid('experiment_id').notNull().references(() => experiments.id),
    name: text('name').notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('queued'),
    source: text('source', { enum: RUN_SOURCES }).notNull().default('builtin'),
    // Inputs (lineage). An external run may name no dataset version (its data is not in Vigil).
    datasetVersionId: uuid('dataset_version_id').references(() => datasetVersions.id),
    /** An external run's training-code version (e.g. a git commit), as its script reported it. */
    codeVersion: text('code_version'),
    target: text('target').notNull(),
    task: text('task', { enum: RUN_TASKS }).notNull().default('binary'),
    trainer: text('trainer').notNull(),
    trainerVersion: text('trainer_version'),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    seed: integer('seed').notNull(),
    /** The spec the user gave (unfitted), or null to derive one from the dataset schema. */
    inputSpec: jsonb('input_spec'),
    /** How validation rows are chosen; null: a stratified random split. Out of time: the last rows in file order. */
    validationSplit: jsonb('validation_split').$type<{ kind: 'out_of_time'; fraction: number }>(),
    reproducedFromRunId: uuid('reproduced_from_run_id').references((): AnyPgColumn => runs.id),
    /** The sweep that created this run, and its point's position in the sweep (0-based). */
    sweepId: uuid('sweep_id').references((): AnyPgColumn => sweeps.id),
    sweepIndex: integer('sweep_index'),
    // Outputs.
    featureSpecId: uuid('feature_spec_id').references(() => featureSpecs.id),
    runtime: jsonb('runtime').$type<Record<string, string>>(),
    metrics: jsonb('metrics'),
    summary: jsonb('summary'),
    artifactSha256: text('artifact_sha256'),
    artifactSize: integer('artifact_size'),
    progress: real('progress').notNull().default(0),
    error: text('error'),
    jobId: uuid('job_id').references(() => jobs.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** External runs: the last time the script reported anything (abandoned runs are failed by maintenance). */
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
  },
  (t) => [
    index('runs_experiment_idx').on(t.experimentId, t.createdAt),
    index('runs_external_running_idx').on(t.lastActivityAt).where(sql`${t.source} = 'external' AND ${t.status} = 'running'`),
    index('runs_sweep_idx').on(t.sweepId, t.sweepIndex),
    index('runs_name_prefix_idx').using('btree', sql`lower(${t.name}) text_pattern_ops`),
    // The runs table (newest first, optionally by status).
    index('runs_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('runs_status_created_idx').on(t.status, t.createdAt.desc()),
  ],
);

export const SWEEP_STRATEGIES = ['grid', 'random'] as const;

/**
 * A hyper-parameter sweep: one trainer over a space of params on one dataset version, as N
 * ordinary runs (runs.sweep_id). Its status and best run are derived from those runs on read.
 */
export const sweeps = pgTable(
  'sweeps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    experimentId: uuid('experiment_id').notNull().references(() => experiments.id),
    datasetVersionId: uuid('dataset_version_id').notNull().references(() => datasetVersions.id),
    target: text('target').notNull(),
    task: text('task', { enum: RUN_TASKS }).notNull().default('binary'),
    trainer: text('trainer').notNull(),
    /** Per param: a list of values, or (random only) a range {min, max, log?, int?}. */
    space: jsonb('space').$type<Record<string, unknown>>().notNull(),
    strategy: text('strategy', { enum: SWEEP_STRATEGIES }).notNull(),
    /** Seeds the random points and every run's training. */
    seed: integer('seed').notNull(),
    maxRuns: integer('max_runs').notNull(),
    /** The validation metric that picks the best run (its direction is known per metric). */
    metric: text('metric').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sweeps_experiment_idx').on(t.experimentId, t.createdAt)],
);

/** Per-iteration metrics (loss, train/valid AUC) for live curves. */
export const runSteps = pgTable(
  'run_steps',
  {
    runId: uuid('run_id').notNull().references(() => runs.id),
    phase: text('phase').notNull(),
    step: integer('step').notNull(),
    metrics: jsonb('metrics').$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.phase, t.step] })],
);

export type Experiment = typeof experiments.$inferSelect;
export type Run = typeof runs.$inferSelect;
export type Sweep = typeof sweeps.$inferSelect;
