-- Prefix search from the console's search box (search.resolve): case-insensitive name prefixes
-- and hash prefixes must be index range scans, not table scans, whatever the database collation.
CREATE INDEX IF NOT EXISTS "models_name_prefix_idx" ON "models" (lower("name") text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "datasets_name_prefix_idx" ON "datasets" (lower("name") text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "runs_name_prefix_idx" ON "runs" (lower("name") text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "dataset_versions_sha_prefix_idx" ON "dataset_versions" ("sha256" text_pattern_ops);
--> statement-breakpoint
-- The Overview page reads only what is open: firing alerts, pending promotion requests, active
-- jobs. Partial indexes keep those reads small however much history accumulates.
CREATE INDEX IF NOT EXISTS "alerts_firing_idx" ON "alerts" ("model_id") WHERE "status" = 'firing';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "promotion_requests_pending_idx" ON "promotion_requests" ("created_at") WHERE "status" = 'pending';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "jobs_active_idx" ON "jobs" ("created_at") WHERE "status" IN ('queued', 'running');
--> statement-breakpoint
-- The model card's intended-use fields (intendedUse, outOfScope, limitations, ethicalConsiderations).
ALTER TABLE "model_versions" ADD COLUMN IF NOT EXISTS "card_fields" jsonb DEFAULT '{}'::jsonb NOT NULL;
