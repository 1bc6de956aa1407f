-- The police dashboard's live counters of each accommodation site, kept in
-- the same transaction as the records by triggers: the guests staying now
-- (stays open) and the notifications refused by the national system. With
-- today's arrivals from figure_days (acc.stays_notified's denominator), the
-- late check-ins from the partial index of notifications not accepted, and
-- the suspicious scans of the last 30 days from an index on their time, the
-- dashboard reads one row a site, whatever the length of the history.
-- No personal data: only counts.

-- +goose Up
CREATE TABLE site_stay_counts (
  tenant_id bigint NOT NULL,
  site_id   bigint NOT NULL,
  area_id   bigint NOT NULL REFERENCES areas (id), -- the site's, so that a scope reads it as it reads sites
  guests    bigint NOT NULL DEFAULT 0,
  refused   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, site_id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE
);
-- Written only by the owner's trigger functions below; read under the
-- request's scope exactly as its site is (the policy of sites, on the
-- site's columns kept here: no array of every visible site per row).
ALTER TABLE site_stay_counts ENABLE ROW LEVEL SECURITY;
CREATE POLICY site_stay_counts_read ON site_stay_counts FOR SELECT USING (
  ((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all())
       OR tenant_id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
       OR site_id = ANY ((SELECT app_ids('app.sites'))::bigint[])
       OR area_id = ANY ((SELECT app_area_ids())::bigint[])));
CREATE INDEX site_stay_counts_area ON site_stay_counts (area_id);
GRANT SELECT ON site_stay_counts TO portal06_app;

-- site_count_add adds to a site's counters. It reads the site whatever the
-- scope of the transaction that changed the stay (app.all for this lookup
-- only): a counter never misses a change.
-- +goose StatementBegin
CREATE FUNCTION site_count_add(p_tenant bigint, p_site bigint, p_guests bigint, p_refused bigint)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  prev text := coalesce(current_setting('app.all', true), '');
  area bigint;
BEGIN
  PERFORM set_config('app.all', 'on', true);
  SELECT s.area_id INTO area FROM sites s WHERE s.tenant_id = p_tenant AND s.id = p_site;
  PERFORM set_config('app.all', prev, true);
  INSERT INTO site_stay_counts AS c (tenant_id, site_id, area_id, guests, refused) VALUES (p_tenant, p_site, area, p_guests, p_refused)
  ON CONFLICT (tenant_id, site_id) DO UPDATE SET guests = c.guests + excluded.guests, refused = c.refused + excluded.refused;
END $$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION site_count_add FROM PUBLIC;

-- +goose StatementBegin
CREATE FUNCTION site_counts_stays() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'open' THEN
    PERFORM site_count_add(OLD.tenant_id, OLD.site_id, -1, 0);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status = 'open' THEN
    PERFORM site_count_add(NEW.tenant_id, NEW.site_id, 1, 0);
  END IF;
  RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER stays_site_counts_insert AFTER INSERT ON stays
  FOR EACH ROW WHEN (NEW.status = 'open') EXECUTE FUNCTION site_counts_stays();
CREATE TRIGGER stays_site_counts_update AFTER UPDATE OF status, site_id ON stays
  FOR EACH ROW WHEN ((OLD.status = 'open') IS DISTINCT FROM (NEW.status = 'open') OR (NEW.status = 'open' AND OLD.site_id <> NEW.site_id))
  EXECUTE FUNCTION site_counts_stays();
CREATE TRIGGER stays_site_counts_delete AFTER DELETE ON stays
  FOR EACH ROW WHEN (OLD.status = 'open') EXECUTE FUNCTION site_counts_stays();

-- +goose StatementBegin
CREATE FUNCTION site_counts_notifications() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'refused' THEN
    PERFORM site_count_add(OLD.tenant_id, OLD.site_id, 0, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status = 'refused' THEN
    PERFORM site_count_add(NEW.tenant_id, NEW.site_id, 0, 1);
  END IF;
  RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER notifications_site_counts_insert AFTER INSERT ON notifications
  FOR EACH ROW WHEN (NEW.status = 'refused') EXECUTE FUNCTION site_counts_notifications();
CREATE TRIGGER notifications_site_counts_update AFTER UPDATE OF status, site_id ON notifications
  FOR EACH ROW WHEN ((OLD.status = 'refused') IS DISTINCT FROM (NEW.status = 'refused') OR (NEW.status = 'refused' AND OLD.site_id <> NEW.site_id))
  EXECUTE FUNCTION site_counts_notifications();
CREATE TRIGGER notifications_site_counts_delete AFTER DELETE ON notifications
  FOR EACH ROW WHEN (OLD.status = 'refused') EXECUTE FUNCTION site_counts_notifications();

REVOKE ALL ON FUNCTION site_counts_stays, site_counts_notifications FROM PUBLIC;

-- A site that moves to another area takes its counters with it.
-- +goose StatementBegin
CREATE FUNCTION site_counts_follow_site() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  UPDATE site_stay_counts SET area_id = NEW.area_id WHERE tenant_id = NEW.tenant_id AND site_id = NEW.id;
  RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER sites_site_counts_area AFTER UPDATE OF area_id ON sites
  FOR EACH ROW WHEN (OLD.area_id IS DISTINCT FROM NEW.area_id) EXECUTE FUNCTION site_counts_follow_site();
REVOKE ALL ON FUNCTION site_counts_follow_site FROM PUBLIC;

-- The suspicious scans' index on their time is accommodation's own
-- (tenants/accommodation/migrations/10003_suspicious_scans_at.sql), made
-- there once the scans' table exists.

-- Backfill from the rows that exist (the open stays through their partial
-- index; refusals through the partial index of notifications not accepted),
-- seeing every row as the owner's forced policies allow with app.all.
SELECT set_config('app.all', 'on', true);
INSERT INTO site_stay_counts (tenant_id, site_id, area_id, guests, refused)
SELECT x.tenant_id, x.site_id, s.area_id, sum(g), sum(r) FROM (
  SELECT tenant_id, site_id, count(*) AS g, 0 AS r FROM stays WHERE status = 'open' GROUP BY 1, 2
  UNION ALL
  SELECT tenant_id, site_id, 0, count(*) FROM notifications WHERE status <> 'accepted' AND status = 'refused' GROUP BY 1, 2
) x JOIN sites s ON s.tenant_id = x.tenant_id AND s.id = x.site_id GROUP BY 1, 2, 3;
SELECT set_config('app.all', '', true);

-- +goose Down
DROP TRIGGER sites_site_counts_area ON sites;
DROP TRIGGER notifications_site_counts_delete ON notifications;
DROP TRIGGER notifications_site_counts_update ON notifications;
DROP TRIGGER notifications_site_counts_insert ON notifications;
DROP TRIGGER stays_site_counts_delete ON stays;
DROP TRIGGER stays_site_counts_update ON stays;
DROP TRIGGER stays_site_counts_insert ON stays;
DROP FUNCTION site_counts_follow_site, site_counts_notifications, site_counts_stays, site_count_add;
DROP TABLE site_stay_counts;
