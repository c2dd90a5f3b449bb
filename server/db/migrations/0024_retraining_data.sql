-- Retraining data built from the prediction log (issue 16): the policy chooses its data source,
-- window and options; an attempt built from predictions has no dataset version until its
-- pipeline builds one, and records where the rows came from.
ALTER TABLE "retrain_policies" ALTER COLUMN "dataset_version_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "retrain_policies" ADD COLUMN IF NOT EXISTS "data_source" text DEFAULT 'dataset' NOT NULL;--> statement-breakpoint
ALTER TABLE "retrain_policies" ADD COLUMN IF NOT EXISTS "window_days" integer;--> statement-breakpoint
ALTER TABLE "retrain_policies" ADD COLUMN IF NOT EXISTS "append_to_incumbent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "retrain_policies" ADD COLUMN IF NOT EXISTS "include_batch" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "retrain_policies" ADD COLUMN IF NOT EXISTS "out_of_time_validation_pct" integer;--> statement-breakpoint
ALTER TABLE "retrain_policies" ADD COLUMN IF NOT EXISTS "auto_promote" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "retrain_attempts" ALTER COLUMN "dataset_version_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "retrain_attempts" ADD COLUMN IF NOT EXISTS "data_lineage" jsonb;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD COLUMN IF NOT EXISTS "lineage" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN IF NOT EXISTS "validation_split" jsonb;
