-- Hourly feature rollups: the sum of each hour's per-minute `feature_rollups` rows, kept by the
-- monitoring pass (every minute it re-rolls, it re-sums that minute's hour). A report reads the
-- window's whole hours from here and only its ragged edges from the minute table: a day is
-- ~24 rows per input instead of 1,440. The app role's grants come from the default privileges.
CREATE TABLE IF NOT EXISTS "feature_rollups_hourly" (
	"version_id" uuid NOT NULL REFERENCES "model_versions"("id"),
	"route" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"feature" text NOT NULL,
	"n" integer NOT NULL,
	"missing" integer NOT NULL,
	"out_of_range" integer NOT NULL,
	"unseen" integer NOT NULL,
	"counts" jsonb NOT NULL,
	CONSTRAINT "feature_rollups_hourly_version_id_route_hour_feature_pk" PRIMARY KEY("version_id","route","hour","feature")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "feature_rollups_hourly_hour_idx" ON "feature_rollups_hourly" USING btree ("hour");
--> statement-breakpoint
-- Backfill from the minute rows already rolled up (the same sums the pass computes).
INSERT INTO "feature_rollups_hourly" ("version_id", "route", "hour", "feature", "n", "missing", "out_of_range", "unseen", "counts")
SELECT t.version_id, t.route, t.hour, t.feature, t.n, t.missing, t.out_of_range, t.unseen, coalesce(c.counts, '[]'::jsonb)
FROM (
	SELECT version_id, route, date_trunc('hour', minute) AS hour, feature, sum(n)::int AS n, sum(missing)::int AS missing, sum(out_of_range)::int AS out_of_range, sum(unseen)::int AS unseen
	FROM "feature_rollups" GROUP BY 1, 2, 3, 4
) t
LEFT JOIN (
	SELECT version_id, route, hour, feature, jsonb_agg(s ORDER BY i) AS counts FROM (
		SELECT f.version_id, f.route, date_trunc('hour', f.minute) AS hour, f.feature, e.i, sum(e.v::bigint) AS s
		FROM "feature_rollups" f, jsonb_array_elements_text(f.counts) WITH ORDINALITY AS e(v, i)
		GROUP BY 1, 2, 3, 4, 5
	) x GROUP BY 1, 2, 3, 4
) c USING (version_id, route, hour, feature)
ON CONFLICT DO NOTHING;
