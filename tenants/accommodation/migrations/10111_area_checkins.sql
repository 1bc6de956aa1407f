-- Today's check-ins of each area, for the police dashboard's totals, summed
-- from figure_days' rows of acc.stays_notified (a site's check-ins of a day)
-- by a trigger on them in the same transaction. The totals summed the
-- day's row of every site in scope on every request (1,300 rows for the
-- province: 1.4 ms); they now read a row per area and slot, and take away
-- the few sites of other kinds by key, found through sites_not_lodging.
--
-- As figure_months, each area and day has 16 slots (pg_backend_pid() % 16),
-- so that check-ins of one area rarely wait on each other's row; readers
-- sum them. A site that moves takes its rows of figure_days along (their
-- area changes, which the trigger sees as an update). `seed scale` writes
-- figure_days with its triggers off and adds to this table as it adds to
-- figure_months.

-- +goose Up
CREATE TABLE acc_area_days (
  area_id  bigint NOT NULL REFERENCES areas (id),
  day      date NOT NULL,
  slot     smallint NOT NULL CHECK (slot BETWEEN 0 AND 15),
  checkins numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (area_id, day, slot)
);
ALTER TABLE acc_area_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY acc_area_days_read ON acc_area_days FOR SELECT USING (
  (SELECT app_all()) OR area_id = ANY ((SELECT app_area_ids())::bigint[]));
GRANT SELECT ON acc_area_days TO portal06_app;

-- +goose StatementBegin
CREATE FUNCTION acc_area_days_apply() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  my smallint := pg_backend_pid() % 16;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.area_id = NEW.area_id AND OLD.day = NEW.day THEN
    IF OLD.den <> NEW.den THEN
      INSERT INTO acc_area_days AS a (area_id, day, slot, checkins) VALUES (NEW.area_id, NEW.day, my, NEW.den - OLD.den)
      ON CONFLICT (area_id, day, slot) DO UPDATE SET checkins = a.checkins + excluded.checkins;
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.den <> 0 THEN
    INSERT INTO acc_area_days AS a (area_id, day, slot, checkins) VALUES (OLD.area_id, OLD.day, my, -OLD.den)
    ON CONFLICT (area_id, day, slot) DO UPDATE SET checkins = a.checkins + excluded.checkins;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.den <> 0 THEN
    INSERT INTO acc_area_days AS a (area_id, day, slot, checkins) VALUES (NEW.area_id, NEW.day, my, NEW.den)
    ON CONFLICT (area_id, day, slot) DO UPDATE SET checkins = a.checkins + excluded.checkins;
  END IF;
  RETURN NULL;
END $$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION acc_area_days_apply FROM PUBLIC;
CREATE TRIGGER figure_days_acc_area_insert AFTER INSERT ON figure_days
  FOR EACH ROW WHEN (NEW.indicator = 'acc.stays_notified') EXECUTE FUNCTION acc_area_days_apply();
CREATE TRIGGER figure_days_acc_area_update AFTER UPDATE ON figure_days
  FOR EACH ROW WHEN (NEW.indicator = 'acc.stays_notified') EXECUTE FUNCTION acc_area_days_apply();
CREATE TRIGGER figure_days_acc_area_delete AFTER DELETE ON figure_days
  FOR EACH ROW WHEN (OLD.indicator = 'acc.stays_notified') EXECUTE FUNCTION acc_area_days_apply();

-- the sites of kinds other than accommodation's (a few: apartment blocks,
-- markets, notary offices), by area; the dashboard's statement names the
-- same kinds (accommodationSiteKinds), so that the planner can use it
CREATE INDEX sites_not_lodging ON sites (area_id) WHERE kind NOT IN ('hotel', 'guesthouse', 'homestay', 'cruise', 'bus');

-- the days that exist (figure_days has no forced policy)
INSERT INTO acc_area_days (area_id, day, slot, checkins)
SELECT area_id, day, 0, sum(den) FROM figure_days WHERE indicator = 'acc.stays_notified' AND site_id IS NOT NULL
GROUP BY 1, 2 HAVING sum(den) <> 0;

-- +goose Down
DROP INDEX sites_not_lodging;
DROP TRIGGER figure_days_acc_area_delete ON figure_days;
DROP TRIGGER figure_days_acc_area_update ON figure_days;
DROP TRIGGER figure_days_acc_area_insert ON figure_days;
DROP FUNCTION acc_area_days_apply;
DROP TABLE acc_area_days;
