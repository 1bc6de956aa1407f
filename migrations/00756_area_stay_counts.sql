-- The guests staying now and the refused notifications of each area,
-- summed from site_stay_counts by a trigger on it in the same transaction.
-- The police dashboard's totals summed site_stay_counts' row of every site
-- in scope on every request (1,510 rows for the province: 1.7 ms, half of
-- its totals); they now read a row per area and slot, and take away the
-- few sites of other kinds (an apartment block may lodge guests) by key.
--
-- As figure_months, each area has 16 slots: a transaction adds to the slot
-- of its database session (pg_backend_pid() % 16), so that check-ins of
-- one area rarely wait on each other's row, and readers sum the slots. A
-- site that moves takes its counters along (its site_stay_counts row's
-- area changes, which the trigger sees as an update). The trigger is
-- ENABLE ALWAYS, so that it also fires in sessions with
-- session_replication_role = replica: a count is never changed without
-- its area's.

-- +goose Up
CREATE TABLE area_stay_counts (
  area_id bigint NOT NULL REFERENCES areas (id),
  slot    smallint NOT NULL CHECK (slot BETWEEN 0 AND 15),
  guests  bigint NOT NULL DEFAULT 0,
  refused bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (area_id, slot)
);
ALTER TABLE area_stay_counts ENABLE ROW LEVEL SECURITY;
-- the same rule as figure_months: the whole province, or the areas granted
CREATE POLICY area_stay_counts_read ON area_stay_counts FOR SELECT USING (
  (SELECT app_all()) OR area_id = ANY ((SELECT app_area_ids())::bigint[]));
GRANT SELECT ON area_stay_counts TO portal06_app;

-- +goose StatementBegin
CREATE FUNCTION area_stay_counts_apply() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  my smallint := pg_backend_pid() % 16;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.area_id = NEW.area_id THEN
    IF OLD.guests <> NEW.guests OR OLD.refused <> NEW.refused THEN
      INSERT INTO area_stay_counts AS a (area_id, slot, guests, refused) VALUES (NEW.area_id, my, NEW.guests - OLD.guests, NEW.refused - OLD.refused)
      ON CONFLICT (area_id, slot) DO UPDATE SET guests = a.guests + excluded.guests, refused = a.refused + excluded.refused;
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND (OLD.guests <> 0 OR OLD.refused <> 0) THEN
    INSERT INTO area_stay_counts AS a (area_id, slot, guests, refused) VALUES (OLD.area_id, my, -OLD.guests, -OLD.refused)
    ON CONFLICT (area_id, slot) DO UPDATE SET guests = a.guests + excluded.guests, refused = a.refused + excluded.refused;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND (NEW.guests <> 0 OR NEW.refused <> 0) THEN
    INSERT INTO area_stay_counts AS a (area_id, slot, guests, refused) VALUES (NEW.area_id, my, NEW.guests, NEW.refused)
    ON CONFLICT (area_id, slot) DO UPDATE SET guests = a.guests + excluded.guests, refused = a.refused + excluded.refused;
  END IF;
  RETURN NULL;
END $$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION area_stay_counts_apply FROM PUBLIC;
CREATE TRIGGER site_stay_counts_area AFTER INSERT OR UPDATE OR DELETE ON site_stay_counts
  FOR EACH ROW EXECUTE FUNCTION area_stay_counts_apply();
ALTER TABLE site_stay_counts ENABLE ALWAYS TRIGGER site_stay_counts_area;

-- the counts that exist (site_stay_counts has no forced policy)
INSERT INTO area_stay_counts (area_id, slot, guests, refused)
SELECT area_id, 0, sum(guests), sum(refused) FROM site_stay_counts GROUP BY area_id HAVING sum(guests) <> 0 OR sum(refused) <> 0;

-- +goose Down
DROP TRIGGER site_stay_counts_area ON site_stay_counts;
DROP FUNCTION area_stay_counts_apply;
DROP TABLE area_stay_counts;
