-- A new stay's figure parts in one statement. Every check-in went through
-- acc_refresh_stay: it read the stay back, looked for its accepted
-- notification, and put each of its two or three parts on its own (a read,
-- a write, and figure_add's upsert of figure_days, each upsert firing
-- figure_months' statement triggers): about a dozen statements and four to
-- six trigger firings per stay. A stay that was just inserted has no parts
-- yet and no notification (notifications reference their stay), so its
-- parts are known: den 1 and num 0 for acc.stays_notified,
-- acc.stays_on_time and, for a foreign guest, acc.foreign_12h, on its
-- arrival day. They are written, with their sums in figure_days, by one
-- statement. Should parts of that id be left over (they cannot be, while
-- a stay's deletion takes its parts out), acc_refresh_stay settles them the
-- long way. Cancelled stays, updates and deletions are unchanged.
-- The notifications' figure trigger now fires only for a check-in
-- notification that is or was accepted, or moves to another stay: the
-- function returned at once for every other one (the new notification of
-- each check-in, and each delivery attempt), after the call's own cost.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION acc_stays_figures() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  prev text := coalesce(current_setting('app.all', true), '');
  since date;
  arrived date;
  parts text[];
  n bigint;
BEGIN
  PERFORM set_config('app.all', 'on', true);
  IF TG_OP = 'DELETE' THEN
    PERFORM acc_refresh_stay(OLD.tenant_id, OLD.id);
    PERFORM acc_refresh_site(OLD.tenant_id, OLD.site_id);
    PERFORM acc_refresh_trip(OLD.tenant_id, OLD.trip_id);
    PERFORM set_config('app.all', prev, true);
    RETURN OLD;
  END IF;
  IF TG_OP = 'INSERT' AND NEW.status <> 'cancelled' THEN
    arrived := (NEW.arrival_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    parts := CASE WHEN NEW.nationality <> 'VNM' THEN '{acc.stays_notified,acc.stays_on_time,acc.foreign_12h}'::text[]
                  ELSE '{acc.stays_notified,acc.stays_on_time}'::text[] END;
    WITH put AS (
      INSERT INTO acc_figure_parts (tenant_id, indicator, source_id, site_id, day, num, den)
      SELECT NEW.tenant_id, i, NEW.id, NEW.site_id, arrived, 0, 1 FROM unnest(parts) i
      ON CONFLICT (tenant_id, indicator, source_id) DO NOTHING
      RETURNING indicator)
    INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
    SELECT NEW.tenant_id, put.indicator, NEW.site_id, arrived, s.area_id, 0, 1
      FROM put JOIN sites s ON s.tenant_id = NEW.tenant_id AND s.id = NEW.site_id
     ORDER BY put.indicator
    ON CONFLICT (tenant_id, indicator, site_id, day) WHERE site_id IS NOT NULL
    DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n < cardinality(parts) THEN
      PERFORM acc_refresh_stay(NEW.tenant_id, NEW.id);
    END IF;
    SELECT p.day INTO since FROM acc_figure_parts p
     WHERE p.tenant_id = NEW.tenant_id AND p.indicator = 'acc.sites_reporting' AND p.source_id = NEW.site_id;
    IF NOT FOUND OR since > arrived THEN
      PERFORM acc_part_put(NEW.tenant_id, 'acc.sites_reporting', NEW.site_id, NEW.site_id, arrived, 1, 1);
    END IF;
  ELSE
    PERFORM acc_refresh_stay(NEW.tenant_id, NEW.id);
    IF TG_OP = 'UPDATE' THEN
      PERFORM acc_refresh_site(NEW.tenant_id, NEW.site_id);
    END IF;
  END IF;
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

DROP TRIGGER notifications_figures ON notifications;
CREATE TRIGGER notifications_figures_insert AFTER INSERT ON notifications
  FOR EACH ROW WHEN (NEW.event = 'check_in' AND NEW.status = 'accepted') EXECUTE FUNCTION acc_notifications_figures();
CREATE TRIGGER notifications_figures_update AFTER UPDATE OF status, accepted_at, stay_id ON notifications
  FOR EACH ROW WHEN (NEW.event = 'check_in' AND (NEW.status = 'accepted' OR OLD.status = 'accepted' OR OLD.stay_id IS DISTINCT FROM NEW.stay_id))
  EXECUTE FUNCTION acc_notifications_figures();

-- +goose Down
DROP TRIGGER notifications_figures_insert ON notifications;
DROP TRIGGER notifications_figures_update ON notifications;
CREATE TRIGGER notifications_figures AFTER INSERT OR UPDATE OF status, accepted_at, stay_id ON notifications
  FOR EACH ROW WHEN (NEW.event = 'check_in') EXECUTE FUNCTION acc_notifications_figures();
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION acc_stays_figures() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  prev text := coalesce(current_setting('app.all', true), '');
  since date;
  arrived date;
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
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'cancelled' THEN
      arrived := (NEW.arrival_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
      SELECT p.day INTO since FROM acc_figure_parts p
       WHERE p.tenant_id = NEW.tenant_id AND p.indicator = 'acc.sites_reporting' AND p.source_id = NEW.site_id;
      IF NOT FOUND OR since > arrived THEN
        PERFORM acc_part_put(NEW.tenant_id, 'acc.sites_reporting', NEW.site_id, NEW.site_id, arrived, 1, 1);
      END IF;
    END IF;
  ELSE
    PERFORM acc_refresh_site(NEW.tenant_id, NEW.site_id);
  END IF;
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
