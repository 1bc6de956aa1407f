-- The province overview's table of sites by commune and kind counted every
-- site on every request (1,500 sites grouped and sorted, about 1.6 ms of
-- the page's SQL alone and its largest statement under load). Now the
-- number of sites of each area and site kind is kept here, by statement
-- triggers on sites in the same transaction, as figure_months keeps
-- figure_days' months: the overview reads a few dozen rows.
--
-- The triggers are ENABLE ALWAYS, so that they also fire in sessions with
-- session_replication_role = replica (`seed scale` loads that way, with the
-- other triggers off): a site is never added without its count.

-- +goose Up
CREATE TABLE area_site_counts (
  area_id bigint NOT NULL REFERENCES areas (id),
  kind    text NOT NULL,
  sites   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (area_id, kind)
);
ALTER TABLE area_site_counts ENABLE ROW LEVEL SECURITY;
-- the same rule as figure_months: the whole province, or the areas granted
CREATE POLICY area_site_counts_read ON area_site_counts FOR SELECT USING (
  (SELECT app_all()) OR area_id = ANY ((SELECT app_area_ids())::bigint[]));
GRANT SELECT ON area_site_counts TO portal06_app;

-- +goose StatementBegin
CREATE FUNCTION area_site_counts_apply() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  -- in key order, so that two statements never wait on each other's rows
  IF TG_OP = 'INSERT' THEN
    INSERT INTO area_site_counts (area_id, kind, sites)
    SELECT area_id, kind, count(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (area_id, kind) DO UPDATE SET sites = area_site_counts.sites + excluded.sites;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO area_site_counts (area_id, kind, sites)
    SELECT area_id, kind, sum(n) FROM (
      SELECT area_id, kind, 1 AS n FROM new_rows
      UNION ALL
      SELECT area_id, kind, -1 FROM old_rows) d
    GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2
    ON CONFLICT (area_id, kind) DO UPDATE SET sites = area_site_counts.sites + excluded.sites;
  ELSE
    INSERT INTO area_site_counts (area_id, kind, sites)
    SELECT area_id, kind, -count(*) FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (area_id, kind) DO UPDATE SET sites = area_site_counts.sites + excluded.sites;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    -- an area and kind left without sites keeps no row (nor holds its area)
    DELETE FROM area_site_counts c USING (SELECT DISTINCT area_id, kind FROM old_rows) o
    WHERE c.area_id = o.area_id AND c.kind = o.kind AND c.sites = 0;
  END IF;
  RETURN NULL;
END $$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION area_site_counts_apply FROM PUBLIC;
CREATE TRIGGER sites_area_counts_insert AFTER INSERT ON sites
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION area_site_counts_apply();
CREATE TRIGGER sites_area_counts_update AFTER UPDATE ON sites
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION area_site_counts_apply();
CREATE TRIGGER sites_area_counts_delete AFTER DELETE ON sites
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION area_site_counts_apply();
ALTER TABLE sites ENABLE ALWAYS TRIGGER sites_area_counts_insert;
ALTER TABLE sites ENABLE ALWAYS TRIGGER sites_area_counts_update;
ALTER TABLE sites ENABLE ALWAYS TRIGGER sites_area_counts_delete;

-- the sites that exist (every one: the owner's forced policy with app.all)
SELECT set_config('app.all', 'on', true);
INSERT INTO area_site_counts (area_id, kind, sites) SELECT area_id, kind, count(*) FROM sites GROUP BY 1, 2;
SELECT set_config('app.all', '', true);

-- +goose Down
DROP TRIGGER sites_area_counts_delete ON sites;
DROP TRIGGER sites_area_counts_update ON sites;
DROP TRIGGER sites_area_counts_insert ON sites;
DROP FUNCTION area_site_counts_apply;
DROP TABLE area_site_counts;
