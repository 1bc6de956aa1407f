-- Overnight visitors of flats and rooms: each is a stay (lưu trú) of the
-- core's stays table, notified through its pipeline; this table ties the
-- stay to the unit it is in.

-- +goose Up
CREATE TABLE apt_visits (
  tenant_id  bigint NOT NULL,
  stay_id    bigint NOT NULL,
  site_id    bigint NOT NULL,
  unit_id    bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, stay_id),
  FOREIGN KEY (tenant_id, stay_id) REFERENCES stays (tenant_id, id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id),
  FOREIGN KEY (tenant_id, unit_id) REFERENCES apt_units (tenant_id, id)
);
CREATE INDEX apt_visits_site ON apt_visits (tenant_id, site_id, created_at DESC);
CREATE INDEX apt_visits_unit ON apt_visits (tenant_id, unit_id, created_at DESC);

ALTER TABLE apt_visits ENABLE ROW LEVEL SECURITY;
ALTER TABLE apt_visits FORCE ROW LEVEL SECURITY;
CREATE POLICY apt_visits_scope ON apt_visits USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
GRANT SELECT, INSERT ON apt_visits TO portal06_app;

-- +goose Down
DROP TABLE apt_visits;
