-- Retention drops whole daily partitions of the prediction log. The app connects as a role that
-- owns no table (it cannot drop one), so the drop goes through this function, owned by the
-- migrations' owner: it drops only daily partitions of `predictions`, and only days before
-- yesterday (UTC), so the app role can never drop the log it is writing.
CREATE OR REPLACE FUNCTION vigil_drop_prediction_partition(part text) RETURNS boolean AS $$
BEGIN
  IF part !~ '^predictions_[0-9]{8}$' THEN
    RAISE EXCEPTION 'not a daily prediction-log partition: %', part;
  END IF;
  IF to_date(substr(part, 13), 'YYYYMMDD') >= (now() AT TIME ZONE 'UTC')::date - 1 THEN
    RAISE EXCEPTION 'refusing to drop %: only days before yesterday (UTC) are dropped', part;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'predictions'::regclass AND c.relname = part
  ) THEN
    RETURN false;
  END IF;
  EXECUTE format('DROP TABLE %I', part);
  RETURN true;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp;
