-- One rollup for every live indicator: figure_days also takes rows of an
-- area with no site (a crime tip reported for a commune or ward rather than
-- from a site's poster), so the province reads tips through the same seam
-- as the tenant kinds. A site row keeps following its site's area; an area
-- row has neither tenant nor site. The tips' own table tip_figure_days is
-- folded in: its figures are recounted from the tips themselves (each tip
-- once, at its site when it has one, else at its area) and it is dropped.

-- +goose Up
ALTER TABLE figure_days DROP CONSTRAINT figure_days_pkey;
ALTER TABLE figure_days ALTER COLUMN tenant_id DROP NOT NULL, ALTER COLUMN site_id DROP NOT NULL;
ALTER TABLE figure_days ADD CONSTRAINT figure_days_site_or_area CHECK ((tenant_id IS NULL) = (site_id IS NULL));
CREATE UNIQUE INDEX figure_days_site_key ON figure_days (tenant_id, indicator, site_id, day) WHERE site_id IS NOT NULL;
CREATE UNIQUE INDEX figure_days_area_key ON figure_days (indicator, area_id, day) WHERE site_id IS NULL;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION figure_add(p_indicator text, p_tenant bigint, p_site bigint, p_day date, p_num numeric, p_den numeric)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
  SELECT p_tenant, p_indicator, p_site, p_day, s.area_id, p_num, p_den FROM sites s WHERE s.tenant_id = p_tenant AND s.id = p_site
  ON CONFLICT (tenant_id, indicator, site_id, day) WHERE site_id IS NOT NULL
  DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den
$$;
-- +goose StatementEnd

-- figure_area_add adds num and den to an indicator's row of an area (no
-- site) and day. Like figure_add it runs as the owner.
-- +goose StatementBegin
CREATE FUNCTION figure_area_add(p_indicator text, p_area bigint, p_day date, p_num numeric, p_den numeric)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
  VALUES (NULL, p_indicator, NULL, p_day, p_area, p_num, p_den)
  ON CONFLICT (indicator, area_id, day) WHERE site_id IS NULL
  DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION figure_area_add FROM PUBLIC;
GRANT EXECUTE ON FUNCTION figure_area_add TO portal06_app;

-- tip_figures_recount is what the tips' rollups must hold, computed from
-- the tips alone: one row per indicator, place (site, or area when the tip
-- has no site) and day. The migration fills figure_days from it, and the
-- tests compare the rollups with it.
-- +goose StatementBegin
CREATE FUNCTION tip_figures_recount()
RETURNS TABLE (indicator text, tenant_id bigint, site_id bigint, area_id bigint, day date, num numeric, den numeric)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
#variable_conflict use_column
DECLARE
  old_all text := coalesce(current_setting('app.all', true), '');
BEGIN
  -- tips and sites force row-level security, on their owner too
  PERFORM set_config('app.all', 'on', true);
  RETURN QUERY WITH t AS (
    SELECT x.category, x.site_tenant_id, x.site_id, x.area_id,
      (x.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d_in,
      (x.first_response_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d_resp,
      extract(epoch FROM x.first_response_at - x.created_at)::numeric / 3600 AS hours,
      (x.closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d_closed,
      x.closed_at - x.created_at <= interval '30 days' AS in30
    FROM tips x),
  e AS (
    SELECT 'tips.received' AS code, site_tenant_id, site_id, area_id, d_in AS d, 1::numeric AS n, 0::numeric AS m FROM t
    UNION ALL SELECT 'tips.received.' || category, site_tenant_id, site_id, area_id, d_in, 1, 0 FROM t
    UNION ALL SELECT 'tips.closed_30d_share', site_tenant_id, site_id, area_id, d_in, 0, 1 FROM t
    UNION ALL SELECT 'tips.first_response_hours', site_tenant_id, site_id, area_id, d_resp, hours, 1 FROM t WHERE d_resp IS NOT NULL
    UNION ALL SELECT 'tips.closed', site_tenant_id, site_id, area_id, d_closed, 1, 0 FROM t WHERE d_closed IS NOT NULL
    UNION ALL SELECT 'tips.closed_30d', site_tenant_id, site_id, area_id, d_closed, 1, 0 FROM t WHERE in30
    UNION ALL SELECT 'tips.closed_30d_share', site_tenant_id, site_id, area_id, d_closed, 1, 0 FROM t WHERE in30)
  SELECT e.code, e.site_tenant_id, e.site_id, CASE WHEN e.site_id IS NULL THEN e.area_id ELSE s.area_id END, e.d, sum(e.n), sum(e.m)
  FROM e LEFT JOIN sites s ON s.tenant_id = e.site_tenant_id AND s.id = e.site_id
  WHERE e.site_id IS NULL OR s.id IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5;
  PERFORM set_config('app.all', old_all, true);
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION tip_figures_recount FROM PUBLIC;

DELETE FROM figure_days WHERE indicator LIKE 'tips.%';
INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
SELECT tenant_id, indicator, site_id, day, area_id, num, den FROM tip_figures_recount();

DROP FUNCTION tip_figure_add;
DROP TABLE tip_figure_days;

-- +goose Down
CREATE TABLE tip_figure_days (
  indicator text NOT NULL CHECK (indicator ~ '^tips\.[a-z0-9_]{1,58}$'),
  area_id   bigint NOT NULL REFERENCES areas (id),
  category  text NOT NULL,
  day       date NOT NULL,
  num       numeric NOT NULL DEFAULT 0,
  den       numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (indicator, area_id, category, day)
);
ALTER TABLE tip_figure_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY tip_figure_days_read ON tip_figure_days FOR SELECT USING (
  (SELECT app_all()) OR area_id = ANY ((SELECT app_area_ids())::bigint[]));
GRANT SELECT ON tip_figure_days TO portal06_app;
-- +goose StatementBegin
CREATE FUNCTION tip_figure_add(p_indicator text, p_area bigint, p_category text, p_day date, p_num numeric, p_den numeric)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO tip_figure_days (indicator, area_id, category, day, num, den) VALUES (p_indicator, p_area, p_category, p_day, p_num, p_den)
  ON CONFLICT (indicator, area_id, category, day)
  DO UPDATE SET num = tip_figure_days.num + excluded.num, den = tip_figure_days.den + excluded.den
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION tip_figure_add FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tip_figure_add TO portal06_app;
DROP FUNCTION tip_figures_recount;
DROP FUNCTION figure_area_add;
DELETE FROM figure_days WHERE site_id IS NULL;
DROP INDEX figure_days_area_key;
DROP INDEX figure_days_site_key;
ALTER TABLE figure_days DROP CONSTRAINT figure_days_site_or_area;
ALTER TABLE figure_days ALTER COLUMN tenant_id SET NOT NULL, ALTER COLUMN site_id SET NOT NULL;
ALTER TABLE figure_days ADD PRIMARY KEY (tenant_id, indicator, site_id, day);
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION figure_add(p_indicator text, p_tenant bigint, p_site bigint, p_day date, p_num numeric, p_den numeric)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
  SELECT p_tenant, p_indicator, p_site, p_day, s.area_id, p_num, p_den FROM sites s WHERE s.tenant_id = p_tenant AND s.id = p_site
  ON CONFLICT (tenant_id, indicator, site_id, day)
  DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den
$$;
-- +goose StatementEnd
