-- The prediction log, partitioned by day so old days can be detached or dropped cheaply and a
-- window query touches only its days. The primary key includes ts (required for partitioning);
-- (id, ts) is also what makes replaying the serving spool idempotent (ON CONFLICT DO NOTHING).
CREATE TABLE predictions (
  id uuid NOT NULL,
  ts timestamptz NOT NULL,
  model_id uuid NOT NULL REFERENCES models(id),
  version_id uuid NOT NULL REFERENCES model_versions(id),
  route text NOT NULL,
  inputs jsonb NOT NULL,
  outputs jsonb NOT NULL,
  latency_ms real NOT NULL,
  request_key text,
  -- Logged-only context sent with the request (e.g. a sensitive attribute for fairness slices).
  context jsonb,
  PRIMARY KEY (id, ts)
) PARTITION BY RANGE (ts);
--> statement-breakpoint
-- Rows outside every daily partition land here rather than fail (a clock far off, a late replay).
CREATE TABLE predictions_default PARTITION OF predictions DEFAULT;
--> statement-breakpoint
CREATE INDEX predictions_model_ts_idx ON predictions (model_id, ts);
--> statement-breakpoint
CREATE INDEX predictions_version_ts_idx ON predictions (version_id, ts);
--> statement-breakpoint
-- Lookup by id alone (feedback arrives with the id only).
CREATE INDEX predictions_id_idx ON predictions (id);
--> statement-breakpoint
-- Creates the daily partitions from `days_back` days ago to `days_ahead` days ahead (UTC days).
-- Called by the serving process at start and by the worker's daily maintenance job.
CREATE OR REPLACE FUNCTION vigil_ensure_prediction_partitions(days_back int, days_ahead int) RETURNS int AS $$
DECLARE
  d date;
  created int := 0;
  part text;
BEGIN
  FOR d IN SELECT generate_series((now() AT TIME ZONE 'UTC')::date - days_back, (now() AT TIME ZONE 'UTC')::date + days_ahead, interval '1 day')::date LOOP
    part := 'predictions_' || to_char(d, 'YYYYMMDD');
    IF to_regclass(part) IS NULL THEN
      -- A default partition holding rows of this day would block the new partition; such rows
      -- only exist after an outage longer than days_ahead, and stay readable where they are.
      BEGIN
        EXECUTE format('CREATE TABLE %I PARTITION OF predictions FOR VALUES FROM (%L) TO (%L)', part, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
        created := created + 1;
      EXCEPTION WHEN check_violation THEN
        RAISE NOTICE 'rows for % are in predictions_default; partition not created', d;
      END;
    END IF;
  END LOOP;
  RETURN created;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
SELECT vigil_ensure_prediction_partitions(1, 7);
