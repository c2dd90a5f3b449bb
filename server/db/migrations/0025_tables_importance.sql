-- Sorted, paginated lists (the runs table sorts by creation and filters by status) and stored
-- permutation importance per model version.
CREATE INDEX IF NOT EXISTS "runs_created_idx" ON "runs" USING btree ("created_at" DESC, "id" DESC);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "runs_status_created_idx" ON "runs" USING btree ("status", "created_at" DESC);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "version_importances" (
	"version_id" uuid PRIMARY KEY NOT NULL REFERENCES "public"."model_versions"("id"),
	"dataset_version_id" uuid NOT NULL REFERENCES "public"."dataset_versions"("id"),
	"source" text NOT NULL,
	"label_column" text NOT NULL,
	"metric" text NOT NULL,
	"baseline" double precision NOT NULL,
	"rows" integer NOT NULL,
	"repeats" integer NOT NULL,
	"seed" integer NOT NULL,
	"inputs" jsonb NOT NULL,
	"computed_by" uuid REFERENCES "public"."users"("id"),
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
