-- Hyper-parameter sweeps (issue 15): one sweep is N ordinary runs of one trainer over a space of
-- params; the runs point back at it, with their point's position for a stable "earliest" order.
CREATE TABLE IF NOT EXISTS "sweeps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"experiment_id" uuid NOT NULL REFERENCES "public"."experiments"("id"),
	"dataset_version_id" uuid NOT NULL REFERENCES "public"."dataset_versions"("id"),
	"target" text NOT NULL,
	"trainer" text NOT NULL,
	"space" jsonb NOT NULL,
	"strategy" text NOT NULL,
	"seed" integer NOT NULL,
	"max_runs" integer NOT NULL,
	"metric" text NOT NULL,
	"created_by" uuid REFERENCES "public"."users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sweeps_experiment_idx" ON "sweeps" USING btree ("experiment_id", "created_at");--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN IF NOT EXISTS "sweep_id" uuid REFERENCES "public"."sweeps"("id");--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN IF NOT EXISTS "sweep_index" integer;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "runs_sweep_idx" ON "runs" USING btree ("sweep_id", "sweep_index");
