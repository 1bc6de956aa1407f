-- The accommodation kind's live indicators for the province (figure_days):
--   acc.sites_reporting  stock: a site counts from the day of its first stay (not cancelled)
--   acc.stays_notified   flow by arrival day: num = check-in notification accepted, den = stays not cancelled
--   acc.stays_on_time    share by arrival day: num = accepted before the deadline, den = stays not cancelled
--   acc.foreign_12h      share by arrival day, foreign guests: num = accepted within 12 h of arrival
--   acc.trips_manifest   flow by departure day: num = trips with at least one passenger, den = trips
-- Triggers on stays, notifications and trips keep them up to date in the
-- same transaction. Each stay, trip and site's current part of the figures
-- is remembered in acc_figure_parts: a change takes the old part out of
-- figure_days and puts the new one in, so inserts, corrections (of arrival,
-- nationality, site, trip), cancellations and deliveries all move the
-- figures exactly.

-- +goose Up
CREATE TABLE acc_figure_parts (
  tenant_id bigint NOT NULL,
  indicator text NOT NULL,
  source_id bigint NOT NULL, -- the stay, trip or site
  site_id   bigint NOT NULL,
  day       date NOT NULL,
  num       numeric NOT NULL,
  den       numeric NOT NULL,
  PRIMARY KEY (tenant_id, indicator, source_id)
);
-- Only the owner's trigger functions touch it; the runtime role has no grant.
ALTER TABLE acc_figure_parts ENABLE ROW LEVEL SECURITY;

-- acc_part_put makes source's part of indicator (site, day, num, den); zero
-- num and den remove it.
-- +goose StatementBegin
CREATE FUNCTION acc_part_put(p_tenant bigint, p_indicator text, p_source bigint, p_site bigint, p_day date, p_num numeric, p_den numeric)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  old acc_figure_parts%ROWTYPE;
BEGIN
  SELECT * INTO old FROM acc_figure_parts WHERE tenant_id = p_tenant AND indicator = p_indicator AND source_id = p_source;
  IF FOUND THEN
    IF old.site_id = p_site AND old.day = p_day AND old.num = p_num AND old.den = p_den THEN
      RETURN;
    END IF;
    PERFORM figure_add(p_indicator, p_tenant, old.site_id, old.day, -old.num, -old.den);
  END IF;
  IF p_num = 0 AND p_den = 0 THEN
    DELETE FROM acc_figure_parts WHERE tenant_id = p_tenant AND indicator = p_indicator AND source_id = p_source;
    RETURN;
  END IF;
  INSERT INTO acc_figure_parts (tenant_id, indicator, source_id, site_id, day, num, den)
  VALUES (p_tenant, p_indicator, p_source, p_site, p_day, p_num, p_den)
  ON CONFLICT (tenant_id, indicator, source_id) DO UPDATE SET site_id = excluded.site_id, day = excluded.day, num = excluded.num, den = excluded.den;
  PERFORM figure_add(p_indicator, p_tenant, p_site, p_day, p_num, p_den);
END $$;
-- +goose StatementEnd

-- acc_refresh_stay recomputes one stay's parts from the stay and its
-- check-in notifications. Its callers (the triggers) let it see every row
-- (app.all) whatever the request's scope; it writes only aggregates.
-- +goose StatementBegin
CREATE FUNCTION acc_refresh_stay(p_tenant bigint, p_stay bigint)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  st record;
  acc timestamptz;
BEGIN
  SELECT s.site_id, s.status, s.nationality, s.arrival_at, s.deadline_at,
         (s.arrival_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day
    INTO st FROM stays s WHERE s.tenant_id = p_tenant AND s.id = p_stay;
  IF NOT FOUND OR st.status = 'cancelled' THEN
    PERFORM acc_part_put(p_tenant, 'acc.stays_notified', p_stay, 0, NULL, 0, 0);
    PERFORM acc_part_put(p_tenant, 'acc.stays_on_time', p_stay, 0, NULL, 0, 0);
    PERFORM acc_part_put(p_tenant, 'acc.foreign_12h', p_stay, 0, NULL, 0, 0);
    RETURN;
  END IF;
  SELECT min(n.accepted_at) INTO acc FROM notifications n
   WHERE n.tenant_id = p_tenant AND n.stay_id = p_stay AND n.event = 'check_in' AND n.status = 'accepted';
  PERFORM acc_part_put(p_tenant, 'acc.stays_notified', p_stay, st.site_id, st.day, CASE WHEN acc IS NOT NULL THEN 1 ELSE 0 END, 1);
  PERFORM acc_part_put(p_tenant, 'acc.stays_on_time', p_stay, st.site_id, st.day, CASE WHEN acc <= st.deadline_at THEN 1 ELSE 0 END, 1);
  IF st.nationality <> 'VNM' THEN
    PERFORM acc_part_put(p_tenant, 'acc.foreign_12h', p_stay, st.site_id, st.day,
      CASE WHEN acc <= st.arrival_at + interval '12 hours' THEN 1 ELSE 0 END, 1);
  ELSE
    PERFORM acc_part_put(p_tenant, 'acc.foreign_12h', p_stay, 0, NULL, 0, 0);
  END IF;
END $$;
-- +goose StatementEnd

-- acc_refresh_trip: a trip counts on its departure day, with a manifest
-- when a passenger not cancelled rode it.
-- +goose StatementBegin
CREATE FUNCTION acc_refresh_trip(p_tenant bigint, p_trip bigint)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  tr record;
BEGIN
  IF p_trip IS NULL THEN
    RETURN;
  END IF;
  SELECT t.site_id, (t.departs_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
         EXISTS (SELECT 1 FROM stays s WHERE s.tenant_id = t.tenant_id AND s.trip_id = t.id AND s.status <> 'cancelled') AS manifest
    INTO tr FROM trips t WHERE t.tenant_id = p_tenant AND t.id = p_trip;
  IF NOT FOUND THEN
    PERFORM acc_part_put(p_tenant, 'acc.trips_manifest', p_trip, 0, NULL, 0, 0);
    RETURN;
  END IF;
  PERFORM acc_part_put(p_tenant, 'acc.trips_manifest', p_trip, tr.site_id, tr.day, CASE WHEN tr.manifest THEN 1 ELSE 0 END, 1);
END $$;
-- +goose StatementEnd

-- acc_refresh_site: a site reports from the day of its first stay not cancelled.
-- +goose StatementBegin
CREATE FUNCTION acc_refresh_site(p_tenant bigint, p_site bigint)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  first timestamptz;
BEGIN
  SELECT min(s.arrival_at) INTO first FROM stays s
   WHERE s.tenant_id = p_tenant AND s.site_id = p_site AND s.status <> 'cancelled';
  IF first IS NULL THEN
    PERFORM acc_part_put(p_tenant, 'acc.sites_reporting', p_site, 0, NULL, 0, 0);
  ELSE
    PERFORM acc_part_put(p_tenant, 'acc.sites_reporting', p_site, p_site, (first AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 1, 1);
  END IF;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION acc_stays_figures() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  prev text := coalesce(current_setting('app.all', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true);
  IF TG_OP = 'DELETE' THEN
    PERFORM acc_refresh_stay(OLD.tenant_id, OLD.id);
    PERFORM acc_refresh_site(OLD.tenant_id, OLD.site_id);
    PERFORM acc_refresh_trip(OLD.tenant_id, OLD.trip_id);
    PERFORM set_config('app.all', prev, true);
    RETURN OLD;
  END IF;
  PERFORM acc_refresh_stay(NEW.tenant_id, NEW.id);
  PERFORM acc_refresh_site(NEW.tenant_id, NEW.site_id);
  PERFORM acc_refresh_trip(NEW.tenant_id, NEW.trip_id);
  IF TG_OP = 'UPDATE' THEN
    IF OLD.site_id <> NEW.site_id THEN
      PERFORM acc_refresh_site(OLD.tenant_id, OLD.site_id);
    END IF;
    IF OLD.trip_id IS DISTINCT FROM NEW.trip_id THEN
      PERFORM acc_refresh_trip(OLD.tenant_id, OLD.trip_id);
    END IF;
  END IF;
  PERFORM set_config('app.all', prev, true);
  RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER stays_figures_insert AFTER INSERT OR DELETE ON stays
  FOR EACH ROW EXECUTE FUNCTION acc_stays_figures();
CREATE TRIGGER stays_figures_update AFTER UPDATE ON stays
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.arrival_at IS DISTINCT FROM NEW.arrival_at
    OR OLD.deadline_at IS DISTINCT FROM NEW.deadline_at OR OLD.nationality IS DISTINCT FROM NEW.nationality
    OR OLD.site_id IS DISTINCT FROM NEW.site_id OR OLD.trip_id IS DISTINCT FROM NEW.trip_id)
  EXECUTE FUNCTION acc_stays_figures();

-- +goose StatementBegin
CREATE FUNCTION acc_notifications_figures() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  prev text := coalesce(current_setting('app.all', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true);
  PERFORM acc_refresh_stay(NEW.tenant_id, NEW.stay_id);
  PERFORM set_config('app.all', prev, true);
  RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER notifications_figures AFTER INSERT OR UPDATE OF status, accepted_at, stay_id ON notifications
  FOR EACH ROW WHEN (NEW.event = 'check_in') EXECUTE FUNCTION acc_notifications_figures();

-- +goose StatementBegin
CREATE FUNCTION acc_trips_figures() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  prev text := coalesce(current_setting('app.all', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true);
  IF TG_OP = 'DELETE' THEN
    PERFORM acc_refresh_trip(OLD.tenant_id, OLD.id);
  ELSE
    PERFORM acc_refresh_trip(NEW.tenant_id, NEW.id);
  END IF;
  PERFORM set_config('app.all', prev, true);
  RETURN NULL;
END $$;
-- +goose StatementEnd
-- The trigger on trips comes with the trips table, in 10002.

REVOKE ALL ON FUNCTION acc_part_put, acc_refresh_stay, acc_refresh_trip, acc_refresh_site FROM PUBLIC;

-- Backfill from the rows that exist.
-- +goose StatementBegin
DO $$
BEGIN
  PERFORM set_config('app.all', 'on', true);
  PERFORM acc_refresh_stay(tenant_id, id) FROM stays;
  PERFORM acc_refresh_site(tenant_id, id) FROM sites s WHERE EXISTS (SELECT 1 FROM stays x WHERE x.tenant_id = s.tenant_id AND x.site_id = s.id);
  PERFORM set_config('app.all', '', true);
END $$;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER notifications_figures ON notifications;
DROP TRIGGER stays_figures_update ON stays;
DROP TRIGGER stays_figures_insert ON stays;
DROP FUNCTION acc_trips_figures, acc_notifications_figures, acc_stays_figures, acc_refresh_site, acc_refresh_trip, acc_refresh_stay, acc_part_put;
DELETE FROM figure_days WHERE indicator LIKE 'acc.%';
DROP TABLE acc_figure_parts;
