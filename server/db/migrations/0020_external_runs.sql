-- Runs trained outside Vigil and recorded through the REST API (issue 14): where the run came
-- from, the training code's version, and a dataset version that may be unknown to Vigil.
ALTER TABLE "runs" ADD COLUMN IF NOT EXISTS "source" text DEFAULT 'builtin' NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN IF NOT EXISTS "code_version" text;--> statement-breakpoint
ALTER TABLE "runs" ALTER COLUMN "dataset_version_id" DROP NOT NULL;
