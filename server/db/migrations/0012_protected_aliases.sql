ALTER TABLE "model_policies" ADD COLUMN IF NOT EXISTS "protected_aliases" jsonb DEFAULT '["production","canary"]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "model_policies" ADD COLUMN IF NOT EXISTS "shadow_thresholds" jsonb;--> statement-breakpoint
ALTER TABLE "alias_moves" ADD COLUMN IF NOT EXISTS "break_glass" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "alias_bad_versions" (
	"model_id" uuid NOT NULL REFERENCES "public"."models"("id"),
	"alias" text NOT NULL,
	"version_id" uuid NOT NULL REFERENCES "public"."model_versions"("id"),
	"move_id" bigint REFERENCES "public"."alias_moves"("id"),
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alias_bad_versions_pk" PRIMARY KEY ("model_id", "alias", "version_id")
);--> statement-breakpoint
-- Versions already rolled back from keep that verdict (the newest rollback away from each),
-- unless production returned to them later.
INSERT INTO "alias_bad_versions" ("model_id", "alias", "version_id", "move_id", "marked_at")
SELECT DISTINCT ON (m.model_id, m.alias, m.from_version_id) m.model_id, m.alias, m.from_version_id, m.id, m.at
FROM "alias_moves" m
WHERE m.kind IN ('rollback', 'auto_rollback') AND m.alias = 'production' AND m.from_version_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "alias_moves" l WHERE l."model_id" = m."model_id" AND l."alias" = 'production' AND l."to_version_id" = m."from_version_id" AND l."id" > m."id")
ORDER BY m.model_id, m.alias, m.from_version_id, m.id DESC
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- One open request per model: older duplicates (possible before this index) are cancelled, the newest kept.
UPDATE "promotion_requests" r SET "status" = 'cancelled', "updated_at" = now()
WHERE r."status" IN ('pending', 'approved', 'rolling_out')
  AND EXISTS (SELECT 1 FROM "promotion_requests" o WHERE o."model_id" = r."model_id" AND o."status" IN ('pending', 'approved', 'rolling_out') AND (o."created_at", o."id") > (r."created_at", r."id"));--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "promotion_requests_one_open_idx" ON "promotion_requests" USING btree ("model_id") WHERE "status" IN ('pending', 'approved', 'rolling_out');
