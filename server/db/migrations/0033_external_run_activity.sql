-- When an external run last reported anything (started, params, metrics, model), so the daily
-- maintenance can fail a run whose script died without saying so.
ALTER TABLE "runs" ADD COLUMN "last_activity_at" timestamp with time zone;--> statement-breakpoint
UPDATE "runs" SET "last_activity_at" = coalesce("started_at", "created_at") WHERE "source" = 'external' AND "status" = 'running';--> statement-breakpoint
CREATE INDEX "runs_external_running_idx" ON "runs" ("last_activity_at") WHERE "source" = 'external' AND "status" = 'running';
