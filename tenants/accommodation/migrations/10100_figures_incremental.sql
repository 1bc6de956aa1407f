-- The figure triggers on a check-in, made incremental: a new stay moves a
-- site's "reporting since" day only when it arrived before it (no scan of
-- the site's stays), and a notification that neither is nor was accepted
-- changes no figure (a stay counts as notified by its accepted one), so
-- pending, sending and failed deliveries refresh nothing. Corrections,
-- cancellations and deletions still recompute from the rows.

-- +goose Up
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

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION acc_notifications_figures() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  prev text := coalesce(current_setting('app.all', true), '');
BEGIN
  IF NEW.status <> 'accepted' AND (TG_OP = 'INSERT' OR (OLD.status <> 'accepted' AND OLD.stay_id = NEW.stay_id)) THEN
    RETURN NEW;
  END IF;
  PERFORM set_config('app.all', 'on', true);
  PERFORM acc_refresh_stay(NEW.tenant_id, NEW.stay_id);
  IF TG_OP = 'UPDATE' AND OLD.stay_id IS DISTINCT FROM NEW.stay_id THEN
    PERFORM acc_refresh_stay(OLD.tenant_id, OLD.stay_id);
  END IF;
  PERFORM set_config('app.all', prev, true);
  RETURN NEW;
END $$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION acc_stays_figures() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
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
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION acc_notifications_figures() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  prev text := coalesce(current_setting('app.all', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true);
  PERFORM acc_refresh_stay(NEW.tenant_id, NEW.stay_id);
  PERFORM set_config('app.all', prev, true);
  RETURN NEW;
END $$;
-- +goose StatementEnd
