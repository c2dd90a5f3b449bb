-- The task a version serves (read from its ONNX graph at registration): binary, multiclass or
-- regression; a multiclass version's class names in output order. Every version registered before
-- this was binary.
ALTER TABLE "model_versions" ADD COLUMN "task" text DEFAULT 'binary' NOT NULL;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_task_check" CHECK ("task" IN ('binary', 'multiclass', 'regression'));--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "classes" jsonb;
