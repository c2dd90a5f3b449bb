-- Monitoring for multiclass and regression versions. A service rollup minute keeps the roll-up of
-- its non-binary predictions' outputs (regression: counts over the reference's value bins, sum and
-- sum of squares; multiclass: per class the counts over 20 probability bins, and the counts per
-- predicted class); binary minutes leave it null and keep using the score bins.
ALTER TABLE "service_rollups" ADD COLUMN "outputs" jsonb;--> statement-breakpoint
-- Regression labels and predictions are arbitrary numbers: single precision would round them.
ALTER TABLE "prediction_feedback" ALTER COLUMN "label" TYPE double precision;--> statement-breakpoint
ALTER TABLE "prediction_feedback" ALTER COLUMN "score" TYPE double precision;--> statement-breakpoint
-- Multiclass: `label` holds the true class's index in the version's classes, `label_class` its
-- name, `predicted_class` the index of the class the version predicted (null for other tasks).
ALTER TABLE "prediction_feedback" ADD COLUMN "label_class" text;--> statement-breakpoint
ALTER TABLE "prediction_feedback" ADD COLUMN "predicted_class" integer;
