CREATE TABLE IF NOT EXISTS "retrain_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL REFERENCES "public"."models"("id"),
	"status" text DEFAULT 'proposed' NOT NULL,
	"dataset_version_id" uuid NOT NULL REFERENCES "public"."dataset_versions"("id"),
	"trainer" text,
	"params" jsonb,
	"schedule_cron" text,
	"on_alert_rule_id" uuid REFERENCES "public"."alert_rules"("id"),
	"cooldown_minutes" integer DEFAULT 60 NOT NULL,
	"max_per_day" integer DEFAULT 4 NOT NULL,
	"min_labelled_rows" integer DEFAULT 100 NOT NULL,
	"proposed_by" uuid NOT NULL REFERENCES "public"."users"("id"),
	"enabled_by" uuid REFERENCES "public"."users"("id"),
	"enabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retrain_policies_model_id_unique" UNIQUE("model_id")
);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "retrain_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL REFERENCES "public"."models"("id"),
	"policy_id" uuid NOT NULL REFERENCES "public"."retrain_policies"("id"),
	"trigger" text NOT NULL,
	"triggered_by" uuid REFERENCES "public"."users"("id"),
	"status" text DEFAULT 'running' NOT NULL,
	"stage" text DEFAULT 'queued' NOT NULL,
	"dataset_version_id" uuid NOT NULL REFERENCES "public"."dataset_versions"("id"),
	"labelled_rows" integer NOT NULL,
	"incumbent_version_id" uuid NOT NULL REFERENCES "public"."model_versions"("id"),
	"run_id" uuid REFERENCES "public"."runs"("id"),
	"candidate_version_id" uuid REFERENCES "public"."model_versions"("id"),
	"evaluation_id" uuid REFERENCES "public"."evaluations"("id"),
	"promotion_request_id" uuid REFERENCES "public"."promotion_requests"("id"),
	"job_id" uuid REFERENCES "public"."jobs"("id"),
	"leakage" jsonb,
	"reason" text,
	"report" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "retrain_attempts_one_running_idx" ON "retrain_attempts" USING btree ("model_id") WHERE "status" = 'running';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "retrain_attempts_model_created_idx" ON "retrain_attempts" USING btree ("model_id", "created_at");--> statement-breakpoint
-- The requester of promotion requests that retraining makes: an inactive user with no usable
-- password (cannot sign in), so four eyes hold: every human approver is someone else.
INSERT INTO "users" ("email", "name", "password_hash", "role", "active")
VALUES ('retraining@vigil.system', 'Vigil retraining (system)', 'disabled', 'engineer', false)
ON CONFLICT ("email") DO NOTHING;
