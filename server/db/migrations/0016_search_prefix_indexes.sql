-- Prefix search from the console's search box (search.resolve): case-insensitive name prefixes
-- and hash prefixes must be index range scans, not table scans, whatever the database collation.
CREATE INDEX IF NOT EXISTS "models_name_prefix_idx" ON "models" (lower("name") text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "datasets_name_prefix_idx" ON "datasets" (lower("name") text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "runs_name_prefix_idx" ON "runs" (lower("name") text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "dataset_versions_sha_prefix_idx" ON "dataset_versions" ("sha256" text_pattern_ops);
