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
  guests    bigint NOT NULL DEFAULT 0,
  refused   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, site_id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE
);
-- Written only by the owner's trigger functions below; read under the
-- request's scope like the stays it counts.
ALTER TABLE site_stay_counts ENABLE ROW LEVEL SECURITY;
CREATE POLICY site_stay_counts_read ON site_stay_counts FOR SELECT USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])));
GRANT SELECT ON site_stay_counts TO portal06_app;

-- site_count_add adds to a site's counters.
-- +goose StatementBegin
CREATE FUNCTION site_count_add(p_tenant bigint, p_site bigint, p_guests bigint, p_refused bigint)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO site_stay_counts AS c (tenant_id, site_id, guests, refused) VALUES (p_tenant, p_site, p_guests, p_refused)
  ON CONFLICT (tenant_id, site_id) DO UPDATE SET guests = c.guests + excluded.guests, refused = c.refused + excluded.refused
$$;
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

-- The suspicious scans of the last 30 days, by time across every site.
CREATE INDEX suspicious_scans_at ON suspicious_scans (scanned_at);

-- Backfill from the rows that exist (the open stays through their partial
-- index; refusals through the partial index of notifications not accepted),
-- seeing every row as the owner's forced policies allow with app.all.
SELECT set_config('app.all', 'on', true);
INSERT INTO site_stay_counts (tenant_id, site_id, guests, refused)
SELECT tenant_id, site_id, sum(g), sum(r) FROM (
  SELECT tenant_id, site_id, count(*) AS g, 0 AS r FROM stays WHERE status = 'open' GROUP BY 1, 2
  UNION ALL
  SELECT tenant_id, site_id, 0, count(*) FROM notifications WHERE status <> 'accepted' AND status = 'refused' GROUP BY 1, 2
) x GROUP BY 1, 2;
SELECT set_config('app.all', '', true);

-- +goose Down
DROP INDEX suspicious_scans_at;
DROP TRIGGER notifications_site_counts_delete ON notifications;
DROP TRIGGER notifications_site_counts_update ON notifications;
DROP TRIGGER notifications_site_counts_insert ON notifications;
DROP TRIGGER stays_site_counts_delete ON stays;
DROP TRIGGER stays_site_counts_update ON stays;
DROP TRIGGER stays_site_counts_insert ON stays;
DROP FUNCTION site_counts_notifications, site_counts_stays, site_count_add;
DROP TABLE site_stay_counts;
