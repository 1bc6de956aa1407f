-- Rollups of the province's live indicators: one row per indicator, site and
-- day, kept up to date by the tenant kinds in the same transaction as their
-- records (SQL function figure_add, from Go or from a trigger). The province's
-- pages read only this table, never the raw records. No personal data.

-- +goose Up
CREATE TABLE figure_days (
  tenant_id bigint NOT NULL,
  indicator text NOT NULL CHECK (indicator ~ '^[a-z0-9_.]{1,64}$'),
  site_id   bigint NOT NULL,
  day       date NOT NULL,
  area_id   bigint NOT NULL REFERENCES areas (id),
  num       numeric NOT NULL DEFAULT 0,
  den       numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, indicator, site_id, day),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX figure_days_by_day ON figure_days (indicator, day, area_id);

ALTER TABLE figure_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY figure_days_read ON figure_days FOR SELECT USING (
  (SELECT app_all()) OR area_id = ANY ((SELECT app_area_ids())::bigint[]) OR tenant_id = (SELECT app_pin()));
GRANT SELECT ON figure_days TO portal06_app;

-- figure_add adds num and den to an indicator's row of a site and day. It runs
-- as the owner so that a kind's record, written under its request's scope,
-- always moves the province's figures with it.
-- +goose StatementBegin
CREATE FUNCTION figure_add(p_indicator text, p_tenant bigint, p_site bigint, p_day date, p_num numeric, p_den numeric)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
  SELECT p_tenant, p_indicator, p_site, p_day, s.area_id, p_num, p_den FROM sites s WHERE s.tenant_id = p_tenant AND s.id = p_site
  ON CONFLICT (tenant_id, indicator, site_id, day)
  DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION figure_add FROM PUBLIC;
GRANT EXECUTE ON FUNCTION figure_add TO portal06_app;

-- +goose Down
DROP FUNCTION figure_add;
DROP TABLE figure_days;
