-- An uploaded model has no run, so no training data to profile for drift; an upload may name the
-- dataset version its reference profile is computed from (and, with an input mapping, the rows
-- its feature spec is fitted on and its parity is checked on).
ALTER TABLE "model_versions" ADD COLUMN IF NOT EXISTS "reference_dataset_version_id" uuid;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_reference_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("reference_dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;
