ALTER TABLE "api_tokens" ADD COLUMN IF NOT EXISTS "expires_at" timestamp with time zone;--> statement-breakpoint
UPDATE "api_tokens" SET "expires_at" = greatest("created_at" + interval '90 days', now() + interval '30 days') WHERE "expires_at" IS NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
-- The app connects as a role that owns no table (server/db/app-role.ts); creating a partition
-- needs the parent's owner, so the partition function runs with its owner's rights.
ALTER FUNCTION vigil_ensure_prediction_partitions(int, int) SECURITY DEFINER SET search_path = public, pg_temp;
--> statement-breakpoint
-- Sessions signed in before a password change or reset are refused (server/api/context.ts).
ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "password_changed_at" timestamp with time zone;
