-- The task a run (and a sweep's runs) trains: binary (every run before this), multiclass or
-- regression. The worker picks the training path by it; a registered version's own task still
-- comes from its artifact (model_versions.task).
ALTER TABLE "runs" ADD COLUMN IF NOT EXISTS "task" text DEFAULT 'binary' NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_task_check" CHECK ("task" IN ('binary', 'multiclass', 'regression'));--> statement-breakpoint
ALTER TABLE "sweeps" ADD COLUMN IF NOT EXISTS "task" text DEFAULT 'binary' NOT NULL;--> statement-breakpoint
ALTER TABLE "sweeps" ADD CONSTRAINT "sweeps_task_check" CHECK ("task" IN ('binary', 'multiclass', 'regression'));
