-- Late rows: the rollup watermark is kept on ingest time. Existing rows take their prediction
-- time as ingest time (the old watermark was on prediction time, so rows past it stay due).
ALTER TABLE "predictions" ADD COLUMN IF NOT EXISTS "ingested_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "predictions" SET "ingested_at" = "ts" WHERE "ingested_at" IS NULL;
--> statement-breakpoint
ALTER TABLE "predictions" ALTER COLUMN "ingested_at" SET DEFAULT now();
--> statement-breakpoint
ALTER TABLE "predictions" ALTER COLUMN "ingested_at" SET NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "predictions_model_ingested_idx" ON "predictions" ("model_id", "ingested_at");
--> statement-breakpoint
-- Per-model health of the monitoring pass itself.
CREATE TABLE IF NOT EXISTS "monitor_health" (
	"model_id" uuid PRIMARY KEY NOT NULL REFERENCES "models"("id"),
	"last_success_at" timestamp with time zone,
	"last_duration_ms" integer,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"failing_since" timestamp with time zone
);
--> statement-breakpoint
-- One firing alert per rule: older duplicates (from passes that ran at once) are resolved first.
UPDATE "alerts" SET "status" = 'resolved', "resolved_at" = now()
WHERE "status" = 'firing' AND "id" NOT IN (SELECT DISTINCT ON ("rule_id") "id" FROM "alerts" WHERE "status" = 'firing' ORDER BY "rule_id", "fired_at", "id");
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "alerts_one_firing_per_rule" ON "alerts" ("rule_id") WHERE "status" = 'firing';
--> statement-breakpoint
-- One set of default rules per model: duplicated defaults become disabled custom rules.
UPDATE "alert_rules" SET "is_default" = false, "enabled" = false
WHERE "is_default" AND "id" NOT IN (SELECT DISTINCT ON ("model_id", "metric") "id" FROM "alert_rules" WHERE "is_default" ORDER BY "model_id", "metric", "created_at", "id");
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "alert_rules_one_default_per_metric" ON "alert_rules" ("model_id", "metric") WHERE "is_default";
--> statement-breakpoint
-- Acknowledge and silence.
ALTER TABLE "alerts" ADD COLUMN IF NOT EXISTS "acknowledged_by" uuid REFERENCES "users"("id");
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN IF NOT EXISTS "acknowledged_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN IF NOT EXISTS "ack_note" text;
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN IF NOT EXISTS "silenced_until" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN IF NOT EXISTS "silenced_by" uuid REFERENCES "users"("id");
--> statement-breakpoint
-- The webhook outbox: the next attempt's time (swept), dead letters after the last attempt.
ALTER TABLE "webhook_deliveries" ADD COLUMN IF NOT EXISTS "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "webhook_deliveries_due_idx" ON "webhook_deliveries" ("next_attempt_at") WHERE "status" = 'pending';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "webhook_deliveries_webhook_idx" ON "webhook_deliveries" ("webhook_id", "id");
--> statement-breakpoint
UPDATE "webhook_deliveries" SET "status" = 'dead' WHERE "status" = 'failed';
