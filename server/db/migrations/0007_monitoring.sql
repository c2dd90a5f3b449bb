CREATE TABLE "alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"name" text NOT NULL,
	"metric" text NOT NULL,
	"feature" text,
	"direction" text NOT NULL,
	"threshold" real NOT NULL,
	"window_minutes" integer NOT NULL,
	"min_samples" integer NOT NULL,
	"severity" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"version_id" uuid,
	"status" text NOT NULL,
	"value" real,
	"detail" jsonb,
	"message" text NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "feature_rollups" (
	"version_id" uuid NOT NULL,
	"route" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"feature" text NOT NULL,
	"n" integer NOT NULL,
	"missing" integer NOT NULL,
	"out_of_range" integer NOT NULL,
	"unseen" integer NOT NULL,
	"counts" jsonb NOT NULL,
	CONSTRAINT "feature_rollups_version_id_route_minute_feature_pk" PRIMARY KEY("version_id","route","minute","feature")
);
--> statement-breakpoint
CREATE TABLE "model_policies" (
	"model_id" uuid PRIMARY KEY NOT NULL,
	"slice_columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"golden_dataset_version_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_watermarks" (
	"model_id" uuid PRIMARY KEY NOT NULL,
	"rolled_up_to" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_profiles" (
	"version_id" uuid PRIMARY KEY NOT NULL,
	"dataset_version_id" uuid NOT NULL,
	"rows" integer NOT NULL,
	"features" jsonb NOT NULL,
	"score" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_rollups" (
	"model_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"route" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"predictions" integer NOT NULL,
	"latency" jsonb NOT NULL,
	"score_counts" jsonb NOT NULL,
	"score_sums" jsonb NOT NULL,
	"score_squares" jsonb NOT NULL,
	"positives" integer NOT NULL,
	CONSTRAINT "service_rollups_version_id_route_minute_pk" PRIMARY KEY("version_id","route","minute")
);
--> statement-breakpoint
CREATE TABLE "serving_rejections" (
	"model_name" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "serving_rejections_model_name_minute_reason_pk" PRIMARY KEY("model_name","minute","reason")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"webhook_id" uuid NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"response_status" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "prediction_feedback" ADD COLUMN "score" real NOT NULL DEFAULT 0.5;--> statement-breakpoint
ALTER TABLE "prediction_feedback" ALTER COLUMN "score" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "prediction_feedback" ADD COLUMN "route" text NOT NULL DEFAULT 'production';--> statement-breakpoint
ALTER TABLE "prediction_feedback" ALTER COLUMN "route" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feature_rollups" ADD CONSTRAINT "feature_rollups_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_policies" ADD CONSTRAINT "model_policies_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_policies" ADD CONSTRAINT "model_policies_golden_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("golden_dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_watermarks" ADD CONSTRAINT "monitor_watermarks_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_profiles" ADD CONSTRAINT "reference_profiles_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_profiles" ADD CONSTRAINT "reference_profiles_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_rollups" ADD CONSTRAINT "service_rollups_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_rollups" ADD CONSTRAINT "service_rollups_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_model_idx" ON "alerts" USING btree ("model_id","fired_at");--> statement-breakpoint
CREATE INDEX "feature_rollups_minute_idx" ON "feature_rollups" USING btree ("minute");--> statement-breakpoint
CREATE INDEX "service_rollups_model_idx" ON "service_rollups" USING btree ("model_id","minute");