-- Prediction records Postgres refused (a string jsonb cannot hold, a corrupt line): kept with the
-- reason so the rest of the log keeps shipping and nothing disappears silently.
CREATE TABLE IF NOT EXISTS prediction_quarantine (
  id bigserial PRIMARY KEY,
  instance text NOT NULL,
  segment text NOT NULL,
  line integer NOT NULL,
  model_id uuid,
  record_id uuid,
  reason text NOT NULL,
  raw text NOT NULL,
  quarantined_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS prediction_quarantine_line_idx ON prediction_quarantine (instance, segment, line);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS prediction_quarantine_model_idx ON prediction_quarantine (model_id, quarantined_at);
--> statement-breakpoint
-- Versions a serving instance could not load for an alias, with the reason; removed when the
-- alias loads again.
CREATE TABLE IF NOT EXISTS serving_load_failures (
  instance text NOT NULL,
  model_id uuid NOT NULL REFERENCES models(id),
  alias text NOT NULL,
  version_id uuid NOT NULL REFERENCES model_versions(id),
  version integer NOT NULL,
  reason text NOT NULL,
  first_at timestamptz NOT NULL DEFAULT now(),
  last_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instance, model_id, alias)
);
--> statement-breakpoint
-- Labels are written once; an explicit overwrite is recorded with the key that made it.
ALTER TABLE prediction_feedback ADD COLUMN IF NOT EXISTS key_id uuid REFERENCES serving_keys(id);
--> statement-breakpoint
ALTER TABLE prediction_feedback ADD COLUMN IF NOT EXISTS overwritten_at timestamptz;
