-- Retention also covers the prediction log's DEFAULT partition (rows whose day had no partition
-- when they arrived: a clock far off, a late spool replay). Dropping day partitions never touches
-- it, so without this its rows would be kept forever, and a default row of a day blocks creating
-- that day's partition. Like vigil_drop_prediction_partition, an owner's SECURITY DEFINER
-- function the app role may call: it deletes only rows from before `keep_from`, and refuses any
-- `keep_from` after yesterday (UTC), so it cannot empty the log being written.
CREATE OR REPLACE FUNCTION vigil_purge_default_predictions(keep_from date) RETURNS bigint AS $$
DECLARE
  n bigint;
BEGIN
  IF keep_from IS NULL OR keep_from > (now() AT TIME ZONE 'UTC')::date - 1 THEN
    RAISE EXCEPTION 'refusing to purge from %: only days before yesterday (UTC) are purged', keep_from;
  END IF;
  DELETE FROM predictions_default WHERE ts < (keep_from::timestamp AT TIME ZONE 'UTC');
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp;
